using System.Net;
using MnistBlazor.Client.Owner;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>With <c>Drawings:Private</c> the saved drawings are the owner's alone, over HTTP and on the pages; classifying stays open.</summary>
public sealed class PrivateDrawingsTests : IDisposable
{
    private readonly DrawingsAppFactory app = new(
        new Dictionary<string, string> { ["Owner:Password"] = "a long passphrase", ["Drawings:Private"] = "true" }, RemoteAddresses.Stranger);

    public void Dispose() => app.Dispose();

    private async Task<long> SaveAsOwnerAsync(HttpClient client)
    {
        var saved = await client.SendAsync(Requests.Post("/api/drawings", Requests.Stroke(label: 1), from: IPAddress.Loopback));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        return (await Requests.JsonAsync(saved)).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task A_stranger_is_refused_every_read_of_the_drawings_and_the_owner_is_not()
    {
        var client = app.CreateClient();
        var id = await SaveAsOwnerAsync(client);
        string[] reads = ["/api/drawings", $"/api/drawings/{id}", $"/api/drawings/{id}/canvas.png", "/api/drawings/measure"];

        foreach (var path in reads)
        {
            var detail = await Requests.AssertProblemAsync(await client.SendAsync(Requests.Get(path)), HttpStatusCode.Unauthorized);
            Assert.Contains("the saved drawings where they are private): sign in at /signin", detail);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get("/api/drawings", IPAddress.Loopback))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get($"/api/drawings/{id}", IPAddress.Loopback))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Requests.Get($"/api/drawings/{id}/canvas.png", IPAddress.Loopback))).StatusCode); // saved without a capture
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Requests.Get("/api/drawings/measure", IPAddress.Loopback))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/predict", new StringContent(Requests.Stroke(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task The_pages_show_a_stranger_where_to_sign_in_instead_of_the_drawings()
    {
        var client = app.CreateClient();
        var id = await SaveAsOwnerAsync(client);

        var visitorDigits = await client.GetStringAsync("/my-digits");
        Assert.Contains($"Sign in as owner</a> to {OwnerPolicy.PrivateDrawingsAction}.", visitorDigits);
        Assert.DoesNotContain("data-testid=\"gallery-label-1\"", visitorDigits);
        Assert.DoesNotContain("data-testid=\"drawings-measurement\"", visitorDigits);
        Assert.Contains("Sign in as owner</a> to see the models measured on the saved drawings", await client.GetStringAsync("/compare"));
        Assert.Contains("The saved drawings are private on this server", await client.GetStringAsync($"/?drawing={id}"));
        Assert.Contains("but for the saved drawings, private on this server", await client.GetStringAsync("/signin"));

        var ownerDigits = await (await client.SendAsync(Requests.Get("/my-digits", IPAddress.Loopback))).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"gallery-label-1\"", ownerDigits);
        Assert.DoesNotContain(OwnerPolicy.PrivateDrawingsAction, ownerDigits);
    }
}
