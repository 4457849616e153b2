using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>Data Protection keys in the shared PostgreSQL database: what one instance protects, every other instance on that database reads.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed partial class KeyRingDatabaseTests(TemporaryPostgres server)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public void Two_key_rings_on_one_database_unprotect_each_others_payloads()
    {
        var connectionString = server.CreateDatabase();
        using var firstStore = Open(connectionString);
        using var secondStore = Open(connectionString);
        using var elsewhereStore = Open(server.CreateDatabase());
        using var first = KeyRingOn(firstStore);
        using var second = KeyRingOn(secondStore);
        using var elsewhere = KeyRingOn(elsewhereStore);

        var fromFirst = Protector(first).Protect("signed in as the owner");
        var fromSecond = Protector(second).Protect("an antiforgery token");

        Assert.Equal("signed in as the owner", Protector(second).Unprotect(fromFirst));
        Assert.Equal("an antiforgery token", Protector(first).Unprotect(fromSecond));
        Assert.ThrowsAny<CryptographicException>(() => Protector(elsewhere).Unprotect(fromFirst));
        Assert.Single(firstStore.ReadDataProtectionKeys());
    }

    [Fact]
    public async Task Two_server_instances_on_one_database_accept_each_others_tokens_and_cookies_and_share_the_drawings()
    {
        var settings = new Dictionary<string, string>
        {
            [DrawingsOptions.ConnectionStringSetting] = server.CreateDatabase(),
            ["Owner:Password"] = Password,
        };
        using var first = new DrawingsAppFactory(settings, RemoteAddresses.Stranger);
        using var second = new DrawingsAppFactory(settings, RemoteAddresses.Stranger);
        var firstClient = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var secondClient = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // The sign-in form (and its antiforgery cookie) from the first instance, posted to the second.
        var form = await firstClient.GetAsync("/signin");
        var antiforgeryCookie = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = AntiforgeryField().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var signIn = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Password", Password), new("ReturnUrl", "/")]),
        };
        signIn.Headers.Add("Cookie", antiforgeryCookie);
        var signedIn = await secondClient.SendAsync(signIn);
        var ownerCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("MnistBlazor.Owner=", StringComparison.Ordinal)).Split(';')[0];

        // The second instance's sign-in cookie lets the owner save on the first; the second sees the drawing.
        var save = new HttpRequestMessage(HttpMethod.Post, "/api/drawings") { Content = new StringContent(Requests.Stroke(label: 1), System.Text.Encoding.UTF8, "application/json") };
        save.Headers.Add("Cookie", ownerCookie);
        Assert.Equal(HttpStatusCode.Created, (await firstClient.SendAsync(save)).StatusCode);
        Assert.Equal(1, second.Drawings.Store.Count());
        Assert.NotEmpty(second.Drawings.Store.ReadDataProtectionKeys());
    }

    private static DrawingStore Open(string connectionString) =>
        DrawingStore.Open(DrawingsDatabase.PostgreSql(connectionString, "the test's connection string"));

    /// <summary>A Data Protection key ring as the server sets it up, on <paramref name="store"/>.</summary>
    private static ServiceProvider KeyRingOn(DrawingStore store)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("MnistBlazor");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new KeyRingDatabaseRepository(() => store));
        return services.BuildServiceProvider();
    }

    private static IDataProtector Protector(ServiceProvider keyRing) =>
        keyRing.GetRequiredService<IDataProtectionProvider>().CreateProtector("KeyRingDatabaseTests");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
