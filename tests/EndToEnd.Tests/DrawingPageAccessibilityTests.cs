using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>The drawing page read by axe-core in each state a person brings it to (the known-answer models disagree).</summary>
[Collection(nameof(BrowserCollection))]
public sealed class DrawingPageAccessibilityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_empty_pad_breaks_no_accessibility_rule()
    {
        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
        await using var _ = context;
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync("Draw a digit");
        await Accessibility.AssertNoViolationsAsync(page, "the empty drawing page");
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Verdicts_evidence_maps_the_disagreement_and_the_layers_break_no_accessibility_rule(ColorScheme colorScheme)
    {
        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address, colorScheme);
        await using var _ = context;
        Assert.Equal(DrawingPage.Background(colorScheme), await DrawingPage.BackgroundColorAsync(page));
        await DrawingPage.DrawStrokeAsync(page, 10, (0.5, 0.15), (0.5, 0.85));
        await Assertions.Expect(page.Locator("[data-testid=evidence-contrast] img[data-testid^=contrast-]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=model-card-ensemble] [data-testid=evidence-legend]")).ToBeVisibleAsync();
        // The browser shows the map drawn for the page's scheme: on white, or on black for the dark page.
        var map = page.Locator("[data-testid=model-card-simple-cnn] img[data-testid=evidence-map]");
        var (onWhite, onBlack) = (await map.GetAttributeAsync("src"), await page.Locator("[data-testid=model-card-simple-cnn] source[data-testid=evidence-map-dark]").GetAttributeAsync("srcset"));
        Assert.NotEqual(onWhite, onBlack);
        Assert.Equal(colorScheme == ColorScheme.Dark ? onBlack : onWhite, await map.EvaluateAsync<string>("img => img.currentSrc"));
        await Accessibility.AssertNoViolationsAsync(page, $"the drawing page with a digit the models disagree on ({colorScheme})");

        await page.Locator("[data-testid=layers-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=layers-reason-cnn-quad]")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, $"the drawing page with the layers open ({colorScheme})");
    }

    [Fact]
    public async Task Two_digits_side_by_side_break_no_accessibility_rule()
    {
        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
        await using var _ = context;
        await DrawingPage.DrawStrokeAsync(page, 8, (0.2, 0.3), (0.2, 0.7));
        await DrawingPage.DrawStrokeAsync(page, 8, (0.6, 0.3), (0.8, 0.3), (0.6, 0.7));
        await Assertions.Expect(page.Locator("[data-testid=number-reading]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=evidence-pending]")).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(page, "the drawing page with two digits side by side read as a number");

        await page.GetByTestId("number-read-as-one").ClickAsync();
        await Assertions.Expect(page.GetByTestId("number-reading")).ToHaveAttributeAsync("data-read-as", "one-digit");
        await Assertions.Expect(page.Locator("[data-testid=evidence-pending]")).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(page, "the drawing page with two digits side by side read as one digit, as chosen");
    }

    /// <summary>The pad needs a pointer; the keyboard's way to a verdict is an image file.</summary>
    [Fact]
    public async Task The_keyboard_reaches_the_image_opener()
    {
        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
        await using var _ = context;
        var reached = new List<string>();
        for (var press = 0; press < 40; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName");
            reached.Add(focused ?? "(nothing)");
            if (focused == "open-image-input")
            {
                return;
            }
        }

        Assert.Fail($"40 presses of Tab never reached the image opener; they went through {string.Join(", ", reached)}");
    }
}
