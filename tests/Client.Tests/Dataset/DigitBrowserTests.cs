using Bunit;
using MnistBlazor.Client.Dataset;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Dataset;

public sealed class DigitBrowserTests : BunitContext
{
    [Fact]
    public void Clicks_report_the_place_shown_and_new_parameters_move_the_browser()
    {
        var reported = new List<(int Digit, int Page)>();
        var browser = Render<DigitBrowser>(parameters => parameters
            .Add(b => b.Images, ThreePagesOfEachDigit())
            .Add(b => b.Digit, 7)
            .Add(b => b.PlaceChanged, place => reported.Add(place)));

        browser.Find("[data-testid=dataset-next]").Click();
        browser.Find("[data-testid=dataset-digit-4]").Click();
        Assert.Equal([(7, 1), (4, 0)], reported);

        browser.Render(parameters => parameters.Add(b => b.Digit, 9).Add(b => b.Page, 2));

        Assert.Equal("9", browser.Find("[data-testid=dataset-grid]").GetAttribute("data-digit"));
        Assert.Contains("Page 3 of 3", browser.Find("[data-testid=dataset-page]").TextContent);
    }

    [Theory]
    [InlineData(12, 0, "0", "Page 1 of 3")]
    [InlineData(-1, 99, "0", "Page 3 of 3")]
    public void A_place_that_does_not_exist_shows_the_nearest(int digit, int page, string digitShown, string pageShown)
    {
        var browser = Render<DigitBrowser>(parameters => parameters
            .Add(b => b.Images, ThreePagesOfEachDigit())
            .Add(b => b.Digit, digit)
            .Add(b => b.Page, page));

        Assert.Equal(digitShown, browser.Find("[data-testid=dataset-grid]").GetAttribute("data-digit"));
        Assert.Contains(pageShown, browser.Find("[data-testid=dataset-page]").TextContent);
    }

    [Fact]
    public void A_parent_rendering_again_with_the_same_place_keeps_the_page_the_person_turned_to()
    {
        // The parent does not follow the clicks (PlaceChanged is not wired), so it keeps passing the page it asked for.
        var browser = Render<DigitBrowser>(parameters => parameters
            .Add(b => b.Images, ThreePagesOfEachDigit())
            .Add(b => b.Digit, 5)
            .Add(b => b.Page, 99));
        Assert.Contains("Page 3 of 3", browser.Find("[data-testid=dataset-page]").TextContent);

        browser.Find("[data-testid=dataset-prev]").Click();
        browser.Render(parameters => parameters.Add(b => b.Digit, 5).Add(b => b.Page, 99));

        Assert.Contains("Page 2 of 3", browser.Find("[data-testid=dataset-page]").TextContent);
    }

    private static LabeledImages ThreePagesOfEachDigit()
    {
        var labels = Enumerable.Range(0, 10 * 150).Select(i => (byte)(i % 10)).ToArray();
        return new LabeledImages(new byte[labels.Length * MnistGeometry.PixelCount], labels);
    }
}
