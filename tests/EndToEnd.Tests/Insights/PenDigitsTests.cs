using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests.Insights;

[Collection(nameof(InsightsCollection))]
public sealed class PenDigitsTests(InsightsFixture fixture)
{
    /// <summary>How many pixels of the pad's canvas hold ink (the pad draws opaque strokes on a transparent canvas).</summary>
    private const string InkedPixels =
        "() => { const c = document.querySelector('[data-testid=canvas]'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; " +
        "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }";

    [Fact]
    public async Task A_misclassified_pen_digit_opens_on_the_drawing_pad_with_every_models_verdict()
    {
        var page = await fixture.OpenAsync("/compare");

        // The server scores every model on the four pen digits (7, 1, 0, 4) in the background.
        await Assertions.Expect(page.Locator("[data-testid=pen-progress]")).ToHaveAttributeAsync("data-state", "current", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-testid=pen-accuracy-simple-cnn]")).ToHaveTextAsync("25.00 %"); // it always says 7
        await Assertions.Expect(page.Locator("[data-testid=pen-accuracy-ensemble]")).ToHaveTextAsync("25.00 %");

        // Then on the same digits written 8 other ways: a model that always says 7 is right on the 7 however it is written.
        await Assertions.Expect(page.Locator("[data-testid=pen-variations-progress]")).ToHaveAttributeAsync("data-state", "current", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-testid=pen-variations] tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("[data-testid=pen-variation-turned-20-right] td[data-model=simple-cnn]")).ToHaveTextAsync("25.0 % (+0.0)");

        await page.Locator("[data-testid=pen-confusion-model-simple-cnn]").ClickAsync();
        var gallery = page.Locator("[data-testid=pen-misclassified-gallery]");
        await Assertions.Expect(gallery).ToHaveAttributeAsync("data-count", "3");

        await gallery.Locator("[data-testid=pen-misclassified-3]").ClickAsync();

        await page.ExpectAddressAsync("/?pen=3");
        await Assertions.Expect(page.Locator("[data-testid=pen-sample-label]")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("[data-testid=pen-sample-text]")).ToContainTextAsync("Real pen digit #3 by writer 2");
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=model-card-simple-cnn] [data-testid=predicted-digit]")).ToHaveTextAsync("7");
        await Assertions.Expect(page.Locator("[data-testid=model-card-cnn-quad] [data-testid=predicted-digit]")).ToHaveTextAsync("2");
        Assert.True(int.Parse((await page.Locator("[data-testid=preview]").GetAttributeAsync("data-ink-pixels"))!) > 30);

        // The strokes are on the canvas, and undo takes the last one away like a drawn stroke.
        await Assertions.Expect(page.Locator("[data-testid=undo]")).ToBeEnabledAsync();
        // A function, not an expression: Playwright evaluates an expression with eval, which the content security policy refuses.
        await page.WaitForFunctionAsync($"() => ({InkedPixels})() > 1000");
        var inked = await page.EvaluateAsync<int>(InkedPixels);

        await page.Locator("[data-testid=undo]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=pen-sample]")).ToHaveCountAsync(0);
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("pen="));
        await page.WaitForFunctionAsync($"() => ({InkedPixels})() < {inked - 100}");
        Assert.True(await page.EvaluateAsync<int>(InkedPixels) > 0, "the first stroke stays on the pad");
        await page.Context.CloseAsync();
    }
}
