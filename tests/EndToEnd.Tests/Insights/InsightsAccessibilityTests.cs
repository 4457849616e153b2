using Microsoft.Playwright;

namespace MnistBlazor.EndToEnd.Tests.Insights;

/// <summary>Every page but the drawing page, read by axe-core with recorded training files, test metrics and pen digits in place.</summary>
[Collection(nameof(InsightsCollection))]
public sealed class InsightsAccessibilityTests(InsightsFixture fixture)
{
    [Theory]
    [InlineData("/history", "[data-testid=history-chart-loss] .main-svg", ColorScheme.Light)]
    [InlineData("/compare", "[data-testid=pen-confusion-panel]", ColorScheme.Light)]
    [InlineData("/dataset", "[data-testid=dataset-grid][data-set=mnist] img", ColorScheme.Light)]
    [InlineData("/dataset?set=pen", "[data-testid=dataset-grid][data-set=pen] img", ColorScheme.Light)]
    [InlineData("/dataset?set=pen&writer=2", "[data-testid=dataset-grid][data-set=pen] img", ColorScheme.Light)]
    [InlineData("/my-digits", "[data-testid=no-drawings]", ColorScheme.Light)]
    [InlineData("/history", "[data-testid=history-chart-loss] .main-svg", ColorScheme.Dark)]
    [InlineData("/compare", "[data-testid=pen-confusion-panel]", ColorScheme.Dark)]
    [InlineData("/dataset?set=pen&writer=2", "[data-testid=dataset-grid][data-set=pen] img", ColorScheme.Dark)]
    [InlineData("/my-digits", "[data-testid=no-drawings]", ColorScheme.Dark)]
    public async Task The_page_breaks_no_accessibility_rule(string path, string shown, ColorScheme colorScheme)
    {
        var page = await fixture.OpenAsync(path, colorScheme: colorScheme);
        await Assertions.Expect(page.Locator(shown).First).ToBeVisibleAsync();
        Assert.Equal(DrawingPage.Background(colorScheme), await DrawingPage.BackgroundColorAsync(page));
        await Accessibility.AssertNoViolationsAsync(page, $"{path} ({colorScheme})");
        await page.Context.CloseAsync();
    }

    /// <summary>Pages without an interactive circuit: the owner's sign-in form and the page for an unknown address.</summary>
    [Theory]
    [InlineData("/signin", "form input[type=password]", ColorScheme.Light)]
    [InlineData("/no-such-page", "h1", ColorScheme.Light)]
    [InlineData("/signin", "form input[type=password]", ColorScheme.Dark)]
    public async Task The_static_page_breaks_no_accessibility_rule(string path, string shown, ColorScheme colorScheme)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ColorScheme = colorScheme });
        await ContentSecurity.WatchAsync(page);
        await page.GotoAsync(new Uri(fixture.Server.Address, path).ToString());
        await Assertions.Expect(page.Locator(shown).First).ToBeVisibleAsync();
        Assert.Equal(DrawingPage.Background(colorScheme), await DrawingPage.BackgroundColorAsync(page));
        await Accessibility.AssertNoViolationsAsync(page, $"{path} ({colorScheme})");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_filtered_galleries_of_mistakes_break_no_accessibility_rule()
    {
        var page = await fixture.OpenAsync("/compare");
        await page.Locator("[data-testid=confusion-cell-3-5]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=misclassified-gallery]")).ToHaveAttributeAsync("data-count", "6");
        var writer = page.Locator("[data-testid^=pen-writer-show-]").First;
        await writer.ClickAsync();
        await Assertions.Expect(writer).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-testid=pen-gallery-subset]")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the comparison page with a confusion cell and a pen writer chosen");
        await page.Context.CloseAsync();
    }
}
