using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Dataset;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.Tests.Insights;

namespace MnistBlazor.Client.Tests.Dataset;

public sealed class DatasetPagePenDigitsTests : BunitContext
{
    public DatasetPagePenDigitsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(RecordFixtures.TestImages()));
    }

    [Fact]
    public void Pen_digits_are_browsed_by_label_a_page_at_a_time_with_their_writer_and_open_on_the_pad()
    {
        // 720 digits: 72 of each label, one page and two more.
        Services.AddSingleton<IPenDigits>(new FakePenDigits(SamplePenDigits.Snapshot(720)));
        var page = Render<DatasetPage>();
        Assert.Equal("mnist", page.Find("[data-testid=dataset-grid]").GetAttribute("data-set"));

        page.Find("[data-testid=dataset-set-pen]").Click();
        page.Find("[data-testid=dataset-digit-4]").Click();

        Assert.Equal("pen", page.Find("[data-testid=dataset-grid]").GetAttribute("data-set"));
        Assert.Equal("true", page.Find("[data-testid=dataset-set-pen]").GetAttribute("aria-selected"));
        Assert.Contains("720 digits", page.Find("[data-testid=dataset-pen-summary]").TextContent);
        Assert.Contains("72", page.Find("[data-testid=dataset-digit-4]").TextContent);
        var items = page.FindAll("[data-testid^=dataset-image-]");
        Assert.Equal(DatasetPage.PageSize, items.Count);
        Assert.Equal("/?pen=4", items[0].GetAttribute("href"));
        Assert.Contains("#4 · w2", items[0].TextContent);
        Assert.Contains("#14 · w3", items[1].TextContent);
        Assert.Contains("by writer 2", items[0].GetAttribute("title"));
        Assert.StartsWith("data:image/png;base64,", items[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("Page 1 of 2 · 72 pen digits labelled 4", page.Find("[data-testid=dataset-page]").TextContent);

        page.Find("[data-testid=dataset-next]").Click();

        Assert.Equal(["/?pen=704", "/?pen=714"], page.FindAll("[data-testid^=dataset-image-]").Select(i => i.GetAttribute("href")));
    }

    [Fact]
    public void One_writers_digits_are_chosen_from_the_address_or_the_list_and_the_choice_is_kept_in_the_address()
    {
        // Digit i is writer (1 + i % 3)'s: of the 72 digits labelled 4, writer 2 wrote 4, 34, 64, ... (24 of them).
        Services.AddSingleton<IPenDigits>(new FakePenDigits(SamplePenDigits.Snapshot(720)));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/dataset?set=pen&digit=4&writer=2");

        var page = Render<DatasetPage>();

        Assert.Equal("2", page.Find("[data-testid=dataset-writer]").GetAttribute("value"));
        Assert.Equal(["all 3", "writer 1", "writer 2", "writer 3"], page.FindAll("[data-testid=dataset-writer] option").Select(o => o.TextContent.Trim()));
        Assert.Equal(["/?pen=4", "/?pen=34"], page.FindAll("[data-testid^=dataset-image-]").Take(2).Select(i => i.GetAttribute("href")));
        Assert.Equal(24, page.FindAll("[data-testid^=dataset-image-]").Count);
        Assert.Contains("24", page.Find("[data-testid=dataset-digit-4]").TextContent);
        Assert.Contains("Page 1 of 1 · 24 pen digits labelled 4", page.Find("[data-testid=dataset-page]").TextContent);
        Assert.Equal("/compare?writer=2#pen-writers-title", page.Find("[data-testid=dataset-writer-compare]").GetAttribute("href"));

        page.Find("[data-testid=dataset-writer]").Change("3");

        Assert.Equal(["/?pen=14", "/?pen=44"], page.FindAll("[data-testid^=dataset-image-]").Take(2).Select(i => i.GetAttribute("href")));
        Assert.EndsWith("writer=3", navigation.Uri);
        Assert.Contains("digit=4", navigation.Uri);
        Assert.Equal("How each model reads writer 3", page.Find("[data-testid=dataset-writer-compare]").TextContent.Trim());

        page.Find("[data-testid=dataset-writer]").Change("");

        Assert.Contains("Page 1 of 2 · 72 pen digits labelled 4", page.Find("[data-testid=dataset-page]").TextContent);
        Assert.DoesNotContain("writer=", navigation.Uri);
        Assert.Empty(page.FindAll("[data-testid=dataset-writer-compare]"));
        page.Find("[data-testid=dataset-set-mnist]").Click();
        Assert.Empty(page.FindAll("[data-testid=dataset-writer]"));
    }

    [Fact]
    public void A_writer_the_file_does_not_have_shows_every_writers_digits()
    {
        Services.AddSingleton<IPenDigits>(new FakePenDigits(SamplePenDigits.Snapshot(720)));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/dataset?set=pen&digit=4&writer=9");

        var page = Render<DatasetPage>();

        Assert.Contains("Page 1 of 2 · 72 pen digits labelled 4", page.Find("[data-testid=dataset-page]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=dataset-writer-compare]"));
    }

    [Fact]
    public void The_address_can_open_the_pen_digits_and_without_a_file_the_page_says_how_to_get_one()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Missing());
        Services.GetRequiredService<NavigationManager>().NavigateTo("/dataset?set=pen");

        var page = Render<DatasetPage>();

        Assert.Equal("true", page.Find("[data-testid=dataset-set-pen]").GetAttribute("aria-selected"));
        Assert.Contains("PenDigits:File", page.Find("[data-testid=dataset-unavailable]").TextContent);

        page.Find("[data-testid=dataset-set-mnist]").Click();

        Assert.Equal("/?mnist=0", page.Find("[data-testid=dataset-image-0]").GetAttribute("href"));
    }

    [Fact]
    public void Pen_digits_still_being_read_appear_when_they_are_ready()
    {
        var pen = new FakePenDigits(PenDigitsSnapshot.Loading(SamplePenDigits.FileName));
        Services.AddSingleton<IPenDigits>(pen);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/dataset?set=pen");
        var page = Render<DatasetPage>();
        Assert.NotNull(page.Find("[data-testid=dataset-pen-loading]"));

        pen.Finish(SamplePenDigits.Snapshot());

        page.WaitForAssertion(() => Assert.Equal("pen", page.Find("[data-testid=dataset-grid]").GetAttribute("data-set")));
    }
}
