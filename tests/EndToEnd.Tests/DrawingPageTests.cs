using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

[CollectionDefinition(nameof(BrowserCollection))]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

[Collection(nameof(BrowserCollection))]
public sealed class DrawingPageTests(BrowserFixture fixture) : IAsyncLifetime
{
    private static readonly string[] CardIds = ["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"];
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        context.SetDefaultTimeout(20_000);
        page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Server.Address.ToString());
        // The canvas module sets touch-action when it attaches, i.e. once the page is interactive.
        await page.Locator("[data-testid=canvas][style*='touch-action']").WaitForAsync();
    }

    public async Task DisposeAsync() => await context.CloseAsync();

    [Fact]
    public async Task Drawing_with_the_mouse_updates_the_preview_and_every_models_card()
    {
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("Draw a digit");
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);

        await DrawAsync((0.5, 0.15), (0.52, 0.5), (0.5, 0.85));

        await Assertions.Expect(page.Locator("[data-testid=model-card-nn] [data-testid=predicted-digit]")).ToHaveTextAsync("4");
        foreach (var id in CardIds)
        {
            var card = page.Locator($"[data-testid=model-card-{id}]");
            await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "answered");
            await Assertions.Expect(card.Locator("[data-testid=predicted-digit]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9]$"));
            await Assertions.Expect(card.Locator("[data-testid=confidence]")).ToContainTextAsync("%");
            // Plotly drew the probability chart.
            await Assertions.Expect(card.Locator("[data-testid=probabilities] .main-svg").First).ToBeVisibleAsync();
        }

        Assert.True(await InkPixelsAsync() > 10);
        await Assertions.Expect(page.Locator("[data-testid^=quadrant-]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=model-card-nn]")).ToHaveAttributeAsync("data-disagrees", "true");
    }

    [Fact]
    public async Task Undo_removes_the_last_stroke_and_clear_empties_the_pad()
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();
        var oneStroke = await InkPixelsAsync();

        await DrawAsync((0.2, 0.5), (0.8, 0.5));
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeEnabledAsync();
        await WaitUntilAsync(async () => await InkPixelsAsync() != oneStroke);

        await page.Locator("[data-testid=undo]").ClickAsync();
        await WaitUntilAsync(async () => await InkPixelsAsync() == oneStroke);

        await page.Locator("[data-testid=clear]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("Draw a digit");
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeDisabledAsync();
        Assert.True(await CanvasIsBlankAsync());
    }

    [Fact]
    public async Task Keyboard_shortcuts_undo_and_clear()
    {
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();

        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);
        Assert.True(await CanvasIsBlankAsync());

        await DrawAsync((0.3, 0.3), (0.7, 0.7));
        await WaitForInkAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wider_pen_puts_more_ink_in_what_the_models_see()
    {
        await page.Locator("[data-testid=pen-width]").FillAsync("8");
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();
        var thin = await InkPixelsAsync();
        await page.Locator("[data-testid=clear]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview]")).ToHaveCountAsync(0);

        await page.Locator("[data-testid=pen-width]").FillAsync("40");
        await DrawAsync((0.5, 0.15), (0.5, 0.85));
        await WaitForInkAsync();

        Assert.True(await InkPixelsAsync() > thin, "a 40-unit pen should give more ink than an 8-unit pen");
    }

    /// <summary>Draws one stroke with the mouse through points given as fractions of the canvas size.</summary>
    private async Task DrawAsync(params (double X, double Y)[] points)
    {
        var box = await page.Locator("[data-testid=canvas]").BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        (float X, float Y) At((double X, double Y) p) => ((float)(box.X + p.X * box.Width), (float)(box.Y + p.Y * box.Height));

        var (startX, startY) = At(points[0]);
        await page.Mouse.MoveAsync(startX, startY);
        await page.Mouse.DownAsync();
        foreach (var point in points.Skip(1))
        {
            var (x, y) = At(point);
            await page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = 12 });
        }

        await page.Mouse.UpAsync();
    }

    private async Task WaitForInkAsync() =>
        await page.Locator("[data-testid=preview]").WaitForAsync();

    private async Task<int> InkPixelsAsync() =>
        int.Parse(await page.Locator("[data-testid=preview]").GetAttributeAsync("data-ink-pixels") ?? "0");

    private async Task<bool> CanvasIsBlankAsync() =>
        await page.Locator("[data-testid=canvas]").EvaluateAsync<bool>(
            "canvas => { const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return false; return true; }");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The page did not reach the expected state in time.");
            await Task.Delay(100);
        }
    }
}
