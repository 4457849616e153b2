using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// Screenshots of the drawing page with a digit drawn, on a desktop (light and dark) and a phone-sized viewport,
/// written to artifacts/screenshots/ (the README's pictures come from there). The phone layout
/// must not scroll sideways.
/// </summary>
[Collection(nameof(BrowserCollection))]
public sealed class ScreenshotTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("draw-desktop", 1360, 1100, false, ColorScheme.Light)]
    [InlineData("draw-desktop-dark", 1360, 1100, false, ColorScheme.Dark)]
    [InlineData("draw-phone", 390, 844, true, ColorScheme.Light)]
    public async Task The_drawing_page_with_a_digit_fits_the_viewport(string name, int width, int height, bool mobile, ColorScheme colorScheme)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = mobile ? 2 : 1,
            IsMobile = mobile,
            HasTouch = mobile,
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(Chromium.PatienceMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Server.Address.ToString());
        await page.Locator("[data-testid=canvas][style*='touch-action']").WaitForAsync();

        await DrawSevenAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=model-card-ensemble] [data-testid=predicted-digit]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=model-card-ensemble] [data-testid=probabilities] .main-svg").First).ToBeVisibleAsync();
        // The test NN always says 4, so the models disagree: the page ends with the evidence contrast, its widest part.
        await Assertions.Expect(page.Locator("[data-testid=evidence-contrast] img[data-testid^=contrast-]")).ToHaveCountAsync(4);

        var path = Path.Combine(ScreenshotDirectory(), name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000);

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the {width} px viewport");
    }

    private static async Task DrawSevenAsync(IPage page)
    {
        var box = await page.Locator("[data-testid=canvas]").BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        float X(double f) => (float)(box.X + f * box.Width);
        float Y(double f) => (float)(box.Y + f * box.Height);

        await page.Mouse.MoveAsync(X(0.25), Y(0.2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(X(0.75), Y(0.2), new MouseMoveOptions { Steps = 10 });
        await page.Mouse.MoveAsync(X(0.62), Y(0.5), new MouseMoveOptions { Steps = 10 });
        await page.Mouse.MoveAsync(X(0.47), Y(0.85), new MouseMoveOptions { Steps = 10 });
        await page.Mouse.UpAsync();
        await page.Mouse.MoveAsync(X(0.4), Y(0.52));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(X(0.72), Y(0.52), new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
    }

    private static string ScreenshotDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MnistBlazor.sln")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? Path.GetTempPath();
        var screenshots = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(screenshots);
        return screenshots;
    }
}
