using System.Net;
using MnistBlazor.Server.Tests.Drawings;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Kestrel's own limits, on a real socket (loopback, a free port).</summary>
public sealed class KestrelLimitsTests : IDisposable
{
    private readonly DrawingsAppFactory app;
    private readonly HttpClient client;

    public KestrelLimitsTests()
    {
        app = new DrawingsAppFactory(new Dictionary<string, string>
        {
            ["Limits:MaxRequestHeaderCount"] = "12",
            ["Api:MaxRequestBytes"] = "2048",
        });
        app.UseKestrel(0);
        app.StartServer();
        client = app.CreateClient();
    }

    public void Dispose()
    {
        client.Dispose();
        app.Dispose();
    }

    [Fact]
    public async Task The_server_listens_on_a_real_socket()
    {
        Assert.NotEqual(80, client.BaseAddress!.Port); // Kestrel's free port, not the in-memory server
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task Too_many_headers_get_431()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/models");
        for (var i = 0; i < 20; i++)
        {
            request.Headers.Add($"X-Padding-{i}", "x");
        }

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_beyond_the_limit_is_cut_off_with_413()
    {
        using var content = new StreamContent(new MemoryStream(new byte[20_000]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var detail = await Requests.AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 2048", detail);
    }

    [Fact]
    public async Task Writes_from_loopback_are_the_owners()
    {
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Requests.Post("/api/drawings", Requests.Stroke(label: 7)))).StatusCode);
    }
}
