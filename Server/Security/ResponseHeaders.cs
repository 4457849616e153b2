using System.Security.Cryptography;

namespace MnistBlazor.Server.Security;

/// <summary>
/// Headers on every response beyond what ASP.NET Core sends itself (HSTS over HTTPS outside Development): browsers
/// take each response for the type it declares and never guess one from its content (a saved drawing or an export
/// cannot be read as a script or a stylesheet), no page tells other sites which address it was opened from, other
/// sites can neither embed the answers nor share a window with the pages, and the content security policy lets a page
/// run only the site's own scripts.
/// </summary>
public static class ResponseHeaders
{
    public const string NoSniff = "nosniff";

    public const string ReferrerPolicy = "same-origin";

    public const string ContentSecurityPolicyHeader = "Content-Security-Policy";

    /// <summary>Other sites' pages may not load the answers (a saved drawing's canvas, an export) as their own pictures or scripts.</summary>
    public const string ResourcePolicy = "same-origin";

    /// <summary>A page opened from another site (or opening one) shares no window with it.</summary>
    public const string OpenerPolicy = "same-origin";

    /// <summary>
    /// The content security policy, with the response's nonce in place of {0}. Scripts come from the site only; the one
    /// inline script, the import map of the fingerprinted modules, carries the nonce. Inline styles are allowed: the
    /// pages' bars and Plotly's charts set style attributes and a style element, and styles cannot run code. Pictures
    /// may be data: and blob: addresses (the drawing pad's canvas, an opened image). Pages may be framed by the site
    /// only (what Blazor's own frame-ancestors policy said, which this replaces) and forms post to the site only.
    /// </summary>
    public const string ContentSecurityPolicyFormat =
        "default-src 'self'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private static readonly object NonceKey = new();

    /// <summary>The nonce of this response's content security policy, for the page's inline script.</summary>
    public static string ScriptNonce(HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException($"{nameof(UseResponseHeaders)} is not in the request pipeline.");

    /// <summary>Set as the response starts, so that error pages, whose handlers clear the headers first, carry them too.</summary>
    public static IApplicationBuilder UseResponseHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items[NonceKey] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)); // hex: nothing in it for HTML to encode
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = NoSniff;
            headers["Referrer-Policy"] = ReferrerPolicy;
            headers["Cross-Origin-Resource-Policy"] = ResourcePolicy;
            headers["Cross-Origin-Opener-Policy"] = OpenerPolicy;
            headers[ContentSecurityPolicyHeader] = string.Format(System.Globalization.CultureInfo.InvariantCulture, ContentSecurityPolicyFormat, ScriptNonce(http));
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
