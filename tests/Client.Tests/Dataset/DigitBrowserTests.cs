using Bunit;
using MnistBlazor.Client.Dataset;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Dataset;

public sealed class DigitBrowserTests : BunitContext
{
    [Fact]
    public void The_addresss_late_echo_of_earlier_clicks_does_not_undo_the_clicks_since_but_a_new_address_moves_it()
    {
        var reported = new List<(int Digit, int Page)>();
        var browser = Render<DigitBrowser>(parameters => parameters
            .Add(b => b.Images, ThreePagesOfEachDigit())
            .Add(b => b.Digit, 7)
            .Add(b => b.PlaceChanged, place => reported.Add(place)));

        browser.Find("[data-testid=dataset-next]").Click();
        browser.Find("[data-testid=dataset-next]").Click();
        Assert.Equal([(7, 1), (7, 2)], reported);

        // The address catches up one click at a time, after both clicks.
        browser.Render(parameters => parameters.Add(b => b.Page, 1));
        Assert.Contains("Page 3 of 3", browser.Find("[data-testid=dataset-page]").TextContent);
        browser.Render(parameters => parameters.Add(b => b.Page, 2));
        Assert.Contains("Page 3 of 3", browser.Find("[data-testid=dataset-page]").TextContent);

        // Back in the browser's history: an address this browser did not write.
        browser.Render(parameters => parameters.Add(b => b.Page, 0));
        Assert.Contains("Page 1 of 3", browser.Find("[data-testid=dataset-page]").TextContent);
        Assert.Equal("7", browser.Find("[data-testid=dataset-grid]").GetAttribute("data-digit"));
    }

    [Fact]
    public void Clicking_where_the_browser_already_is_does_not_touch_the_address()
    {
        var reported = new List<(int Digit, int Page)>();
        var browser = Render<DigitBrowser>(parameters => parameters
            .Add(b => b.Images, ThreePagesOfEachDigit())
            .Add(b => b.PlaceChanged, place => reported.Add(place)));

        browser.Find("[data-testid=dataset-digit-0]").Click();
        browser.Find("[data-testid=dataset-prev]").Click();

        Assert.Empty(reported);
    }

    private static LabeledImages ThreePagesOfEachDigit()
    {
        var labels = Enumerable.Range(0, 10 * 150).Select(i => (byte)(i % 10)).ToArray();
        return new LabeledImages(new byte[labels.Length * MnistGeometry.PixelCount], labels);
    }
}
