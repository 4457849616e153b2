using System.Net;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Tests.Drawings;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Every kind of answer tells the browser not to guess its type, keeps the page's address to the site and runs the site's scripts only.</summary>
public sealed class ResponseHeadersTests : IClassFixture<ResponseHeadersTests.App>
{
    private readonly HttpClient client;

    public ResponseHeadersTests(App app) => client = app.Factory.CreateClient();

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/compare", HttpStatusCode.OK)]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/favicon.svg", HttpStatusCode.OK)]
    [InlineData("/api/models", HttpStatusCode.OK)]
    [InlineData("/api/drawings/export/csv", HttpStatusCode.OK)]
    [InlineData("/api/drawings/123456/canvas.png", HttpStatusCode.NotFound)]
    [InlineData("/api/no-such-endpoint", HttpStatusCode.NotFound)]
    public async Task An_answer_carries_the_headers(string path, HttpStatusCode status)
    {
        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertHeaders(response, path);
    }

    [Fact]
    public async Task A_refused_request_carries_the_headers()
    {
        using var body = new StringContent("not an image", System.Text.Encoding.UTF8, "text/plain");
        var response = await client.PostAsync("/api/predict", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        AssertHeaders(response, "POST /api/predict");
    }

    [Fact]
    public async Task A_page_runs_the_site_s_scripts_only_its_import_map_by_a_nonce_new_for_every_answer()
    {
        var first = await client.GetAsync("/");
        var second = await client.GetAsync("/");
        var page = await first.Content.ReadAsStringAsync();

        var nonce = Nonce(first);
        Assert.NotEqual(nonce, Nonce(second));
        Assert.Matches("^[0-9a-f]{32}$", nonce); // 16 random bytes
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", page);
        var policy = Assert.Single(first.Headers.GetValues(ResponseHeaders.ContentSecurityPolicyHeader));
        Assert.Contains($"script-src 'self' 'nonce-{nonce}';", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        // Every other script of the page is a file of the site's.
        Assert.All(System.Text.RegularExpressions.Regex.Matches(page, "<script(?![^>]*type=\"importmap\")[^>]*>").Select(m => m.Value),
            script => Assert.Matches("src=\"(?!https?:|//)[^\"]+\\.js\"", script));
    }

    private static string Nonce(HttpResponseMessage response)
    {
        var policy = Assert.Single(response.Headers.GetValues(ResponseHeaders.ContentSecurityPolicyHeader));
        return System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
    }

    private static void AssertHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues(ResponseHeaders.ContentSecurityPolicyHeader, out var policy), $"{what}: no Content-Security-Policy");
        Assert.StartsWith("default-src 'self'; script-src 'self' 'nonce-", Assert.Single(policy));
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var noSniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal([ResponseHeaders.NoSniff], noSniff);
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.Equal([ResponseHeaders.ReferrerPolicy], referrer);
        Assert.Equal([ResponseHeaders.ResourcePolicy], response.Headers.GetValues("Cross-Origin-Resource-Policy"));
        Assert.Equal([ResponseHeaders.OpenerPolicy], response.Headers.GetValues("Cross-Origin-Opener-Policy"));
    }

    public sealed class App : IDisposable
    {
        public DrawingsAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
