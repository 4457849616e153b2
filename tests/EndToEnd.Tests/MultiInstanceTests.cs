using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// The deployment of README's "Running more than one instance": two server instances sharing a PostgreSQL
/// database (drawings and Data Protection keys) and a models directory, behind nginx with the reference
/// configuration, used by Chromium through nginx.
/// </summary>
public sealed partial class MultiInstanceTests : IAsyncLifetime
{
    private const string OwnerPassword = "multi-instance-owner";

    private string? modelsDirectory;
    private TemporaryPostgres? postgres;
    private readonly List<ServerProcess> instances = [];
    private MultiInstanceNginx? nginx;
    private Chromium? chromium;

    public async Task InitializeAsync()
    {
        // Before anything is started, so a machine without nginx fails at once, saying what to install.
        MultiInstanceNginx.EnsureInstalled();
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a test class whose initialisation failed: stop what did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        modelsDirectory = Directory.CreateTempSubdirectory("mnistblazor-e2e-multi-").FullName;
        BrowserFixture.WriteKnownAnswerModels(modelsDirectory);
        postgres = new TemporaryPostgres();
        var configuration = new Dictionary<string, string>
        {
            ["ConnectionStrings__Drawings"] = postgres.CreateDatabase(),
            ["Owner__Password"] = OwnerPassword,
            ["Owner__LoopbackIsOwner"] = "false",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        };
        instances.Add(await ServerProcess.StartAsync(modelsDirectory, configuration));
        // A first page creates the Data Protection key in the database before the second instance reads the key ring.
        using (var http = new HttpClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(instances[0].Address, "/signin"))).StatusCode);
        }

        instances.Add(await ServerProcess.StartAsync(modelsDirectory, configuration));
        nginx = await MultiInstanceNginx.StartAsync(instances[0].Address, instances[1].Address);
        chromium = await Chromium.LaunchAsync();
    }

    [Fact]
    public async Task A_drawing_saved_through_nginx_is_on_both_instances_and_the_page_survives_losing_its_instance()
    {
        var (context, page) = await DrawingPage.OpenAsync(chromium!.Browser, nginx!.Address);
        await SignInAsync(page);
        var routeKey = (await context.CookiesAsync()).Single(cookie => cookie.Name == "mnistblazor_route").Value;

        var id = await DrawAndSaveAsync(page);
        var serving = instances.Single(instance => instance.Address.Port == nginx.LastInstancePort(routeKey));
        var other = instances.Single(instance => instance != serving);
        using (var http = new HttpClient())
        {
            var png = await http.GetAsync(new Uri(other.Address, $"/api/drawings/{id}/canvas.png"));
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await png.Content.ReadAsByteArrayAsync()).Take(4));
        }

        // The instance holding the page's circuit dies; the page must come back on the other one by itself.
        await page.EvaluateAsync("() => { window.beforeFailover = true; }");
        await serving.DisposeAsync();
        instances.Remove(serving);
        await page.WaitForFunctionAsync("() => window.beforeFailover === undefined", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.Locator("[data-testid=canvas][style*='touch-action']").WaitForAsync();

        // Still signed in (the other instance reads the same key ring) and still saving (the same database).
        var secondId = await DrawAndSaveAsync(page);
        Assert.NotEqual(id, secondId);
        Assert.Equal(other.Address.Port, nginx.LastInstancePort(routeKey));
        await context.CloseAsync();
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(new Uri(nginx!.Address, "/signin?returnUrl=/").ToString());
        await page.Locator("#password").FillAsync(OwnerPassword);
        await page.Locator("button[type=submit]").First.ClickAsync();
        // Signing in goes through nginx to one of two instances starting their circuits on a busy 2-core machine: longer patience.
        await page.WaitForURLAsync(new Uri(nginx.Address, "/").ToString(), new PageWaitForURLOptions { Timeout = 3 * Chromium.PatienceMilliseconds });
        await page.Locator("[data-testid=canvas][style*='touch-action']").WaitForAsync();
    }

    /// <summary>A thin vertical stroke, which the test models read as 1, saved as 1; returns the saved drawing's id.</summary>
    private static async Task<string> DrawAndSaveAsync(IPage page)
    {
        await DrawingPage.DrawStrokeAsync(page, 12, (0.5, 0.15), (0.51, 0.5), (0.5, 0.85));
        await Assertions.Expect(page.Locator("[data-testid=model-card-ensemble] [data-testid=predicted-digit]")).ToHaveTextAsync("1");
        await page.Locator("[data-testid=save-drawing]").ClickAsync();
        var status = page.Locator("[data-testid=save-status]");
        await Assertions.Expect(status).ToContainTextAsync("Saved as digit 1");
        var id = SavedId().Match(await status.TextContentAsync() ?? "").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(id));
        return id;
    }

    [GeneratedRegex(@"#(\d+)")]
    private static partial Regex SavedId();

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
            chromium = null;
        }

        if (nginx is not null)
        {
            await nginx.DisposeAsync();
            nginx = null;
        }

        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }

        instances.Clear();
        postgres?.Dispose();
        postgres = null;
        if (modelsDirectory is not null && Directory.Exists(modelsDirectory))
        {
            Directory.Delete(modelsDirectory, recursive: true);
        }
    }
}
