using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Owner;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Tests.Support;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Reading and classifying are open; writes need the owner: this machine, or a signed-in owner elsewhere.</summary>
public sealed partial class OwnerAccessTests
{
    private const string Password = "correct horse battery staple";

    private static readonly string[] Exports = [DrawingEndpoints.CsvExportPath, DrawingEndpoints.IdxImagesExportPath, DrawingEndpoints.IdxLabelsExportPath, DrawingEndpoints.ArchiveExportPath];

    private static DrawingsAppFactory Exposed(Dictionary<string, string>? settings = null) =>
        new(new Dictionary<string, string>(settings ?? []) { ["Owner:Password"] = Password }, RemoteAddresses.Stranger);

    private static HttpClient NoRedirects(DrawingsAppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [Fact]
    public async Task A_stranger_can_read_and_classify_but_not_save_or_export()
    {
        using var app = Exposed();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/predict", Json(Requests.Stroke()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/drawings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my-digits")).StatusCode);

        var detail = await Requests.AssertProblemAsync(await client.PostAsync("/api/drawings", Json(Requests.Stroke(label: 1))), HttpStatusCode.Unauthorized);
        Assert.Contains("sign in at /signin", detail);
        foreach (var export in Exports)
        {
            await Requests.AssertProblemAsync(await client.GetAsync(export), HttpStatusCode.Unauthorized);
        }

        await Requests.AssertProblemAsync(await client.PostAsync("/api/drawings/import", Json("""{"format": "mnistblazor-drawings", "version": 1, "drawings": []}""")), HttpStatusCode.Unauthorized);
        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData(null)] // no address: in-process, or a Unix socket
    public async Task This_machine_is_the_owner_without_signing_in(string? address)
    {
        using var app = new DrawingsAppFactory(remoteAddress: address is null ? null : IPAddress.Parse(address));
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/drawings", Json(Requests.Stroke(label: 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(DrawingEndpoints.CsvExportPath)).StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_on_this_machine_loopback_can_be_told_not_to_count_as_the_owner()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["Owner:LoopbackIsOwner"] = "false" }, IPAddress.Loopback);

        await Requests.AssertProblemAsync(await app.CreateClient().PostAsync("/api/drawings", Json(Requests.Stroke(label: 1))), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_owner_signs_in_with_the_password_then_saves_exports_and_signs_out()
    {
        using var app = Exposed();
        var client = NoRedirects(app);

        Assert.DoesNotContain("data-testid=\"sign-out\"", await client.GetStringAsync("/signin"));
        var wrong = await SignInAsync(client, "guess", "/my-digits");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong password.", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/drawings", Json(Requests.Stroke(label: 1)))).StatusCode);

        var signedIn = await SignInAsync(client, Password, "/my-digits");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/my-digits", signedIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("MnistBlazor.Owner=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/drawings", Json(Requests.Stroke(label: 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(DrawingEndpoints.CsvExportPath)).StatusCode);
        Assert.Equal(1, app.Drawings.Store.Count());

        Assert.Contains("data-testid=\"sign-out\"", await client.GetStringAsync("/signin"));
        var signOut = await client.PostAsync("/signout", Form(("__RequestVerificationToken", await TokenAsync(client))));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/drawings", Json(Requests.Stroke(label: 2)))).StatusCode);
    }

    [Fact]
    public async Task Changing_the_owner_password_signs_out_every_earlier_sign_in()
    {
        var keys = Directory.CreateTempSubdirectory("mnistblazor-keys-");
        try
        {
            // Servers one after another, as restarts: the data-protection keys outlive them, so the old cookie still decrypts.
            WebApplicationFactory<Program> Restarted(DrawingsAppFactory app, string? password = null) => app.WithWebHostBuilder(builder =>
            {
                if (password is not null)
                {
                    builder.UseSetting("Owner:Password", password);
                }

                builder.ConfigureTestServices(services => services.AddDataProtection().PersistKeysToFileSystem(keys).SetApplicationName("owner-tests"));
            });

            using var app = Exposed();
            using var first = Restarted(app);
            var signIn = await SignInAsync(first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), Password, "/");
            var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("MnistBlazor.Owner=", StringComparison.Ordinal)).Split(';')[0];

            using var samePassword = Restarted(app);
            Assert.Equal(HttpStatusCode.Created, (await samePassword.CreateClient().SendAsync(WithCookie(SaveRequest(), cookie))).StatusCode);

            using var newPassword = Restarted(app, "a new passphrase");
            var refused = await newPassword.CreateClient().SendAsync(WithCookie(SaveRequest(), cookie));
            await Requests.AssertProblemAsync(refused, HttpStatusCode.Unauthorized);
            Assert.Contains(refused.Headers.GetValues("Set-Cookie"), c => c.StartsWith("MnistBlazor.Owner=;", StringComparison.Ordinal)); // the browser is signed out
            Assert.Equal(1, app.Drawings.Store.Count());
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Instances_sharing_a_keys_directory_accept_each_others_sign_in_and_others_do_not()
    {
        using var shared = new TemporaryDirectory();
        using var elsewhere = new TemporaryDirectory();
        using var first = Exposed(new() { ["DataProtection:KeysDirectory"] = shared.File("keys") });
        using var second = Exposed(new() { ["DataProtection:KeysDirectory"] = shared.File("keys") });
        using var unrelated = Exposed(new() { ["DataProtection:KeysDirectory"] = elsewhere.File("keys") });

        var signIn = await SignInAsync(NoRedirects(first), Password, "/");
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("MnistBlazor.Owner=", StringComparison.Ordinal)).Split(';')[0];

        Assert.Equal(HttpStatusCode.Created, (await second.CreateClient().SendAsync(WithCookie(SaveRequest(), cookie))).StatusCode);
        await Requests.AssertProblemAsync(await unrelated.CreateClient().SendAsync(WithCookie(SaveRequest(), cookie)), HttpStatusCode.Unauthorized);
        Assert.NotEmpty(Directory.GetFiles(shared.File("keys"), "key-*.xml"));
    }

    private static HttpRequestMessage SaveRequest() => new(HttpMethod.Post, "/api/drawings") { Content = Json(Requests.Stroke(label: 1)) };

    private static HttpRequestMessage WithCookie(HttpRequestMessage request, string cookie)
    {
        request.Headers.Add("Cookie", cookie);
        return request;
    }

    [Fact]
    public async Task Pages_render_the_write_controls_for_the_owner_and_a_sign_in_hint_for_others()
    {
        using var app = Exposed();
        var client = app.CreateClient();

        var visitorDigits = await client.GetStringAsync("/my-digits");
        var visitorPad = await client.GetStringAsync("/");
        var ownerResponse = await client.SendAsync(Requests.Get("/my-digits", IPAddress.Loopback));
        var ownerPad = await (await client.SendAsync(Requests.Get("/", IPAddress.Loopback))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("data-testid=\"export-csv\"", visitorDigits);
        Assert.Contains("Sign in as owner</a> to relabel, delete, export or import drawings.", visitorDigits);
        Assert.DoesNotContain("data-testid=\"save-drawing\"", visitorPad);
        Assert.Contains("Sign in as owner</a> to save drawings as digits.", visitorPad);

        var ownerDigitsPage = await ownerResponse.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"export-csv\"", ownerDigitsPage);
        Assert.DoesNotContain("Sign in as owner", ownerDigitsPage);
        Assert.Contains("data-testid=\"save-drawing\"", ownerPad);
        Assert.DoesNotContain("Sign in as owner", ownerPad);
    }

    [Fact]
    public async Task Without_an_owner_password_nobody_signs_in_from_elsewhere()
    {
        using var app = new DrawingsAppFactory(remoteAddress: RemoteAddresses.Stranger);
        var client = NoRedirects(app);

        var page = await client.GetStringAsync("/signin");
        Assert.Contains("No owner password is configured, so nobody can sign in here", page);
        Assert.Contains("type=\"password\" autocomplete=\"current-password\" required disabled", page);
        Assert.Contains(OwnerPolicy.Actions, page);
        foreach (var attempt in new[] { "", "null", "password" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, attempt, "/")).StatusCode);
        }
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/history", "/history")]
    public async Task Sign_in_only_returns_to_this_site(string returnUrl, string expected)
    {
        using var app = Exposed();
        var response = await SignInAsync(NoRedirects(app), Password, returnUrl);

        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Cross_site_form_posts_are_refused()
    {
        using var app = Exposed();
        var client = NoRedirects(app);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, Password, "/")).StatusCode);

        // Another site's page can make the owner's browser post a form (no preflight), cookie or not:
        // the JSON endpoints refuse it for its type, the sign-in forms for the missing antiforgery token.
        var save = new HttpRequestMessage(HttpMethod.Post, "/api/drawings") { Content = Form(("label", "1"), ("strokes", "[]")) };
        save.Headers.Add("Origin", "https://evil.example");
        await Requests.AssertProblemAsync(await client.SendAsync(save), HttpStatusCode.UnsupportedMediaType);

        var signIn = new HttpRequestMessage(HttpMethod.Post, "/signin") { Content = Form(("Password", Password)) };
        signIn.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(signIn)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/signout", Form())).StatusCode);
        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5080")]
    [InlineData("localhost.evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task Requests_for_another_host_name_are_refused(string host)
    {
        using var app = new DrawingsAppFactory();
        var client = app.CreateClient();

        foreach (var path in new[] { "/", "/api/models" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(ForHost(Requests.Get(path), host))).StatusCode);
        }

        var save = ForHost(Requests.Post("/api/drawings", Requests.Stroke(label: 1)), host);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(save)).StatusCode);
        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Fact]
    public async Task Without_AllowedHosts_in_the_configuration_only_this_machines_names_are_answered()
    {
        // As when the server runs without its appsettings.json (started from another directory).
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["AllowedHosts"] = "" });
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(ForHost(Requests.Get("/api/models"), "evil.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ForHost(Requests.Get("/api/models"), "localhost:5080"))).StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5080")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("[::1]:5080")]
    public async Task Requests_for_this_machine_by_name_or_address_are_served(string host)
    {
        using var app = new DrawingsAppFactory();

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(ForHost(Requests.Get("/api/models"), host))).StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_from_configuration_admits_the_names_the_server_is_reached_by()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["AllowedHosts"] = "digits.example.org" });

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(ForHost(Requests.Get("/api/models"), "digits.example.org"))).StatusCode);
    }

    private static HttpRequestMessage ForHost(HttpRequestMessage request, string host)
    {
        request.Headers.Host = host;
        return request;
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/signin");
        return AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The sign-in page has no antiforgery token.");
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password, string returnUrl) =>
        await client.PostAsync("/signin", Form(
            ("__RequestVerificationToken", await TokenAsync(client)), ("Password", password), ("ReturnUrl", returnUrl)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
