using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>A client may keep only its share of page connections open; a page beyond it says so instead of looking ready.</summary>
public sealed class PageConnectionsTests : IAsyncLifetime
{
    private string? modelsDirectory;
    private ServerProcess? server;
    private Chromium? chromium;

    public async Task InitializeAsync()
    {
        modelsDirectory = Directory.CreateTempSubdirectory("mnistblazor-e2e-connections-").FullName;
        BrowserFixture.WriteKnownAnswerModels(modelsDirectory);
        server = await ServerProcess.StartAsync(modelsDirectory, new Dictionary<string, string> { ["Limits__PageConnectionsPerClient"] = "1" });
        chromium = await Chromium.LaunchAsync();
    }

    [Fact]
    public async Task A_page_beyond_the_client_s_share_of_connections_says_it_could_not_connect_and_why()
    {
        var context = await chromium!.Browser.NewContextAsync();
        var first = await context.NewPageAsync();
        await first.GotoAsync(new Uri(server!.Address, "/history").ToString());
        await first.Locator("[data-interactive=true]").First.WaitForAsync(new() { Timeout = Chromium.PatienceMilliseconds });
        await Assertions.Expect(first.GetByTestId("connection-failed")).ToBeHiddenAsync();

        var second = await context.NewPageAsync();
        await second.GotoAsync(new Uri(server.Address, "/history").ToString());

        var notice = second.GetByTestId("connection-failed");
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = Chromium.PatienceMilliseconds });
        await Assertions.Expect(notice).ToContainTextAsync("too many pages of this app are open from your network address");
        Assert.Equal(0, await second.Locator("[data-interactive=true]").CountAsync());

        // The first page closed, a reload connects.
        await first.CloseAsync();
        await second.GetByRole(AriaRole.Link, new() { Name = "Reload" }).ClickAsync();
        await second.Locator("[data-interactive=true]").First.WaitForAsync(new() { Timeout = Chromium.PatienceMilliseconds });
        await Assertions.Expect(second.GetByTestId("connection-failed")).ToBeHiddenAsync();
        await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (modelsDirectory is not null)
        {
            Directory.Delete(modelsDirectory, recursive: true);
        }
    }
}
