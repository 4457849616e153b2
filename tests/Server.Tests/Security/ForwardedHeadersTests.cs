using System.Net;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>X-Forwarded-For counts only from the proxies in ForwardedHeaders:KnownProxies/KnownNetworks; by default never.</summary>
public sealed class ForwardedHeadersTests
{
    private static readonly Dictionary<string, string> BehindLocalProxy = new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" };

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_is_the_forwarded_address_so_a_remote_browser_is_no_owner()
    {
        using var app = new DrawingsAppFactory(BehindLocalProxy, IPAddress.Loopback);

        var response = await app.CreateClient().SendAsync(Save(forwardedFor: RemoteAddresses.Stranger.ToString()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Fact]
    public async Task A_trusted_network_is_trusted_like_a_proxy()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["ForwardedHeaders:KnownNetworks:0"] = "127.0.0.0/8" }, IPAddress.Loopback);

        var response = await app.CreateClient().SendAsync(Save(forwardedFor: RemoteAddresses.Stranger.ToString()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_configured_proxies_the_header_is_ignored()
    {
        using var app = new DrawingsAppFactory(remoteAddress: IPAddress.Loopback);

        var response = await app.CreateClient().SendAsync(Save(forwardedFor: RemoteAddresses.Stranger.ToString()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_a_known_proxy_cannot_claim_to_be_this_machine()
    {
        using var app = new DrawingsAppFactory(BehindLocalProxy, RemoteAddresses.Stranger);

        var response = await app.CreateClient().SendAsync(Save(forwardedFor: "127.0.0.1"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "nginx.local", "is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "is not a network in CIDR notation")]
    public void A_mistyped_proxy_stops_the_start_naming_the_setting(string key, string value, string message)
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { [key] = value });

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains(key, error.Message);
        Assert.Contains(message, error.Message);
    }

    private static HttpRequestMessage Save(string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/drawings")
        {
            Content = new StringContent(Requests.Stroke(label: 1), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }
}
