using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>Opening the drawing page and drawing on its canvas with the mouse, as a person would.</summary>
public static class DrawingPage
{
    public static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(IBrowser browser, Uri address, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(Chromium.PatienceMilliseconds);
        await ContentSecurity.WatchAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(address.ToString());
        // The canvas module sets touch-action when it attaches, i.e. once the page is interactive.
        await page.Locator("[data-testid=canvas][style*='touch-action']").WaitForAsync();
        return (context, page);
    }

    /// <summary>A one on paper: a black bar down the middle of a white 640x480 PNG.</summary>
    public static FilePayload OneOnPaper => new()
    {
        Name = "one on paper.png",
        MimeType = "image/png",
        Buffer = MnistBlazor.Server.Tests.Support.PngWriter.VerticalBar(640, 480),
    };

    /// <summary>One stroke through <paramref name="points"/>, given as fractions of the canvas size.</summary>
    public static async Task DrawStrokeAsync(IPage page, int stepsPerSegment, params (double X, double Y)[] points)
    {
        var box = await page.Locator("[data-testid=canvas]").BoundingBoxAsync() ?? throw new InvalidOperationException("no canvas");
        (float X, float Y) At((double X, double Y) p) => ((float)(box.X + p.X * box.Width), (float)(box.Y + p.Y * box.Height));

        var (startX, startY) = At(points[0]);
        await page.Mouse.MoveAsync(startX, startY);
        await page.Mouse.DownAsync();
        foreach (var point in points.Skip(1))
        {
            var (x, y) = At(point);
            await page.Mouse.MoveAsync(x, y, new MouseMoveOptions { Steps = stepsPerSegment });
        }

        await page.Mouse.UpAsync();
    }

    /// <summary>The page background of each colour scheme (app.css's --bg), as the browser writes a computed colour.</summary>
    public static string Background(ColorScheme colorScheme) => colorScheme == ColorScheme.Dark ? "rgb(11, 17, 32)" : "rgb(241, 245, 249)";

    /// <summary>The page's background as the browser computed it (rgb(r, g, b)): tells which colour scheme the page follows.</summary>
    public static Task<string> BackgroundColorAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).backgroundColor");
}
