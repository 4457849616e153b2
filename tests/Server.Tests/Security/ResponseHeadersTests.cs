using System.Net;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Tests.Drawings;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Every kind of answer tells the browser not to guess its type and keeps the page's address to the site.</summary>
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

    private static void AssertHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var noSniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal([ResponseHeaders.NoSniff], noSniff);
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.Equal([ResponseHeaders.ReferrerPolicy], referrer);
    }

    public sealed class App : IDisposable
    {
        public DrawingsAppFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
