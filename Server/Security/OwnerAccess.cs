using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.Owner;
using MnistBlazor.Server.Drawings;

namespace MnistBlazor.Server.Security;

/// <summary>
/// Write access: reading and classifying are open to anyone who reaches the server; changing its
/// data (<see cref="OwnerPolicy.Actions"/>) needs the owner. The owner is whoever signed in with the owner password (a cookie), or, unless
/// <see cref="OwnerOptions.LoopbackIsOwner"/> is off, any request from this machine. The decision is
/// made per request from the connection's remote address, so a server bound to loopback only
/// needs no sign-in, and one exposed beyond it still lets only this machine write until an owner
/// password is set. See docs/security.md.
/// </summary>
public static class OwnerAccess
{
    /// <summary>Authorization policy of every write.</summary>
    public const string Policy = OwnerPolicy.Name;

    /// <summary>Authorization policy of reading the saved drawings (<see cref="MayReadDrawings"/>).</summary>
    public const string DrawingsReaderPolicy = OwnerPolicy.DrawingsReaderName;

    /// <summary>The claim that makes a user the owner.</summary>
    public const string ClaimType = "mnistblazor/owner";

    /// <summary>The sign-in cookie's claim of the password it was obtained with (<see cref="OwnerPassword.Stamp"/>).</summary>
    public const string PasswordStampClaimType = "mnistblazor/owner-password-stamp";

    public const string SignInPath = OwnerPolicy.SignInPath;
    public const string SignOutPath = "/signout";

    /// <summary>Said wherever a write is refused.</summary>
    public const string SignInHint = "Only the server's owner can change saved drawings and model versions: sign in at " + SignInPath + ".";

    /// <summary>Said wherever a read only the owner may make is refused: an export, or private drawings.</summary>
    public const string ReadSignInHint = "Only the server's owner can read this (the drawings' exports, and the saved drawings where they are private): sign in at " + SignInPath + ".";

    public static bool IsOwner(ClaimsPrincipal? user) => user?.HasClaim(c => c.Type == ClaimType) == true;

    /// <summary>Whether <paramref name="user"/> may see the saved drawings: anyone, unless they are private (<see cref="DrawingsOptions.Private"/>).</summary>
    public static bool MayReadDrawings(bool drawingsArePrivate, ClaimsPrincipal? user) => !drawingsArePrivate || IsOwner(user);

    /// <summary>A connection from this machine: a loopback address, or none (in-process, Unix socket).</summary>
    public static bool IsLocal(IPAddress? remote) => remote is null || IPAddress.IsLoopback(remote);

    /// <summary>
    /// The host names answered when <c>AllowedHosts</c> is not configured (ASP.NET Core's own default
    /// would be <c>*</c>): this machine's. Applies however the server is started, with or without
    /// its appsettings.json.
    /// </summary>
    public static readonly string[] DefaultAllowedHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static WebApplicationBuilder AddOwnerAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.PostConfigure<HostFilteringOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
            {
                options.AllowedHosts = [.. DefaultAllowedHosts];
            }
        });
        services.AddOptions<OwnerOptions>().Bind(builder.Configuration.GetSection(OwnerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OwnerPassword>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<OwnerOptions>>((cookie, owner) =>
            {
                cookie.Cookie.Name = "MnistBlazor.Owner";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = owner.Value.SignInLifetime;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = SignInPath;
                cookie.AccessDeniedPath = SignInPath;
                // The API answers 401/403 with problem details instead of redirecting to the sign-in page.
                cookie.Events.OnRedirectToLogin = context => RefuseOrRedirect(context, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => RefuseOrRedirect(context, StatusCodes.Status403Forbidden);
                cookie.Events.OnValidatePrincipal = RejectOtherPasswordsSignIns;
            });
        services.AddSingleton<IAuthorizationHandler, DrawingsReaderHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.RequireClaim(ClaimType))
            .AddPolicy(DrawingsReaderPolicy, policy => policy.AddRequirements(new DrawingsReaderRequirement()));
        return builder;
    }

    /// <summary>
    /// A sign-in cookie counts only while the owner password it was obtained with is still the
    /// server's: changing the password (and restarting) signs every browser out, although the
    /// cookies themselves stay decryptable (the data-protection keys outlive restarts).
    /// </summary>
    private static Task RejectOtherPasswordsSignIns(CookieValidatePrincipalContext context)
    {
        var password = context.HttpContext.RequestServices.GetRequiredService<OwnerPassword>();
        if (password.IsStamp(context.Principal?.FindFirst(PasswordStampClaimType)?.Value))
        {
            return Task.CompletedTask;
        }

        context.RejectPrincipal();
        return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static Task RefuseOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        var detail = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? ReadSignInHint : SignInHint;
        return Results.Problem(title: status == StatusCodes.Status401Unauthorized ? "Sign-in required" : "Forbidden", detail: detail, statusCode: status)
            .ExecuteAsync(context.HttpContext);
    }

    /// <summary>Authentication, the local owner, authorization; the sign-in endpoints; a warning when exposed without an owner password.</summary>
    public static WebApplication UseOwnerAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use((context, next) =>
        {
            if (context.RequestServices.GetRequiredService<IOptions<OwnerOptions>>().Value.LoopbackIsOwner
                && IsLocal(context.Connection.RemoteIpAddress) && !IsOwner(context.User))
            {
                context.User.AddIdentity(new ClaimsIdentity([new Claim(ClaimType, "local")], "Loopback"));
            }

            return next(context);
        });
        app.UseAuthorization();
        app.Lifetime.ApplicationStarted.Register(() => WarnWhenExposed(app));
        return app;
    }

    public static IEndpointRouteBuilder MapOwnerSignIn(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(SignInPath, (HttpContext context, IAntiforgery antiforgery, OwnerPassword password, string? returnUrl) =>
            SignInPage(context, antiforgery, password, LocalUrl(returnUrl), message: null, StatusCodes.Status200OK));
        routes.MapPost(SignInPath, async ([FromForm] SignInForm form, HttpContext context, IAntiforgery antiforgery, OwnerPassword password, IOptions<OwnerOptions> owner, ILoggerFactory loggers) =>
            {
                var returnUrl = LocalUrl(form.ReturnUrl);
                if (!password.Matches(form.Password))
                {
                    loggers.CreateLogger(typeof(OwnerAccess)).LogWarning("Owner sign-in refused for {Remote}", context.Connection.RemoteIpAddress);
                    return SignInPage(context, antiforgery, password, returnUrl,
                        password.IsSet ? "Wrong password." : "No owner password is set on this server (Owner:Password).",
                        StatusCodes.Status401Unauthorized);
                }

                var identity = new ClaimsIdentity(
                    [new Claim(ClaimType, "password"), new Claim(PasswordStampClaimType, password.Stamp!)],
                    CookieAuthenticationDefaults.AuthenticationScheme);
                await context.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = true });
                return Results.LocalRedirect(returnUrl);
            })
            .RequireRateLimiting(RequestLimits.SignInPolicy);
        routes.MapPost(SignOutPath, async ([FromForm] SignOutForm _, HttpContext context) =>
        {
            await context.SignOutAsync();
            return Results.LocalRedirect("/");
        });
        return routes;
    }

    /// <summary>The sign-in form (password, where to go back to, the antiforgery token).</summary>
    public sealed class SignInForm
    {
        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }

    /// <summary>The sign-out form: nothing but the antiforgery token.</summary>
    public sealed class SignOutForm;

    /// <summary>A path on this site, or "/" (never another site: no open redirect).</summary>
    private static string LocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, OwnerPassword password, string returnUrl, string? message, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var owner = IsOwner(context.User);
        var drawingsArePrivate = context.RequestServices.GetRequiredService<IOptions<DrawingsOptions>>().Value.Private;
        var enc = System.Text.Encodings.Web.HtmlEncoder.Default;
        var antiforgeryField = $"""<input type="hidden" name="{enc.Encode(tokens.FormFieldName)}" value="{enc.Encode(tokens.RequestToken ?? "")}" />""";
        // Sign-out ends a password sign-in; the loopback owner has nothing to sign out of.
        var signedInWithPassword = context.User.Identities.Any(identity =>
            identity.IsAuthenticated && identity.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme);
        var body = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" />
            <title>Owner sign-in · MnistBlazor</title>
            <link rel="stylesheet" href="/app.css" />
            <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
            <style>.signin{max-width:30rem;margin:3rem auto}.signin form{display:flex;flex-direction:column;align-items:flex-start;gap:.5rem;margin:1rem 0}.signin input[type=password]{font:inherit;padding:.4rem .6rem;width:100%;border:1px solid var(--line);border-radius:8px}.signin .message{color:var(--error)}</style>
            </head>
            <body>
            <main class="app__main"><section class="panel signin">
            <h1 class="panel__title">Owner sign-in</h1>
            <p>Reading and classifying are open to everyone{{(drawingsArePrivate ? " (but for the saved drawings, private on this server: the owner alone sees them)" : "")}}; {{OwnerPolicy.Actions}} need the server's owner.</p>
            {{(owner ? "<p data-testid=\"signed-in\">You are the owner on this connection.</p>" : "")}}
            {{(message is null ? "" : $"<p class=\"message\" role=\"alert\">{enc.Encode(message)}</p>")}}
            {{(password.IsSet ? "" : "<p data-testid=\"no-owner-password\">No owner password is configured, so nobody can sign in here: set <code>Owner__Password</code> in the server's environment and restart it to sign in from other machines.</p>")}}
            <form method="post" action="{{SignInPath}}">
            {{antiforgeryField}}
            <input type="hidden" name="ReturnUrl" value="{{enc.Encode(returnUrl)}}" />
            <label for="password">Owner password</label>
            <input id="password" name="Password" type="password" autocomplete="current-password" required {{(password.IsSet ? "autofocus" : "disabled")}} />
            <button type="submit" class="button"{{(password.IsSet ? "" : " disabled")}}>Sign in</button>
            </form>
            {{(signedInWithPassword ? $"""
                <form method="post" action="{SignOutPath}">
                {antiforgeryField}
                <button type="submit" class="button button--quiet" data-testid="sign-out">Sign out</button>
                </form>
                """ : "")}}
            <p><a href="/">Back to the app</a></p>
            </section></main>
            </body>
            </html>
            """;
        return Results.Content(body, "text/html; charset=utf-8", statusCode: status);
    }

    private static void WarnWhenExposed(WebApplication app)
    {
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OwnerAccess));
        foreach (var warning in ExposureWarnings(
                     addresses,
                     app.Services.GetRequiredService<OwnerPassword>().IsSet,
                     app.Services.GetRequiredService<IOptions<OwnerOptions>>().Value.LoopbackIsOwner,
                     app.Services.GetRequiredService<IOptions<HostFilteringOptions>>().Value.AllowedHosts))
        {
            logger.LogWarning("{Warning}", warning);
        }
    }

    /// <summary>What the start-up log warns about when the server listens beyond loopback (nothing otherwise).</summary>
    public static IReadOnlyList<string> ExposureWarnings(
        IEnumerable<string> boundAddresses, bool passwordSet, bool loopbackIsOwner, IEnumerable<string> allowedHosts)
    {
        var exposed = boundAddresses.Where(address => !IsLoopbackAddress(address)).ToArray();
        if (exposed.Length == 0)
        {
            return [];
        }

        var warnings = new List<string>();
        if (!passwordSet)
        {
            warnings.Add(
                $"The server listens beyond this machine ({string.Join(", ", exposed)}) and no owner password is set: other machines can draw and classify "
                + $"but not do what needs the owner ({OwnerPolicy.Actions}). Set the environment variable Owner__Password to let the owner sign in at {SignInPath} (docs/security.md).");
        }

        if (loopbackIsOwner)
        {
            warnings.Add(
                "Requests from this machine act as the owner without signing in (Owner:LoopbackIsOwner). Behind a reverse proxy on this machine every request does: set Owner__LoopbackIsOwner=false there.");
        }

        var hosts = allowedHosts.ToArray();
        if (hosts.All(DefaultAllowedHosts.Contains))
        {
            warnings.Add(
                $"AllowedHosts is {string.Join(";", hosts)}: requests addressed to any other host name get 400. Set AllowedHosts to the names this server is reached by (docs/security.md).");
        }

        return warnings;
    }

    /// <summary>Whether a bound address (as Kestrel reports it, e.g. http://127.0.0.1:5080, http://[::]:80) is loopback only.</summary>
    public static bool IsLoopbackAddress(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
