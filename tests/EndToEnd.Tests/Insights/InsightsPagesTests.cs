using Microsoft.Playwright;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.EndToEnd.Tests.Insights;

[Collection(nameof(InsightsCollection))]
public sealed class InsightsPagesTests(InsightsFixture fixture)
{
    private const string LossTraces = "[data-testid=history-chart-loss] .scatterlayer .trace";

    [Fact]
    public async Task The_history_chart_draws_one_trace_per_chosen_model_and_metric()
    {
        var page = await fixture.OpenAsync("/history");

        // nn and simple-cnn have histories: loss and val_loss each.
        await Assertions.Expect(page.Locator(LossTraces)).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=history-chart-accuracy] .scatterlayer .trace")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=history-chart-lr] .scatterlayer .trace")).ToHaveCountAsync(2);

        await page.Locator("[data-testid=history-model-simple-cnn]").UncheckAsync();
        await Assertions.Expect(page.Locator(LossTraces)).ToHaveCountAsync(2);

        await page.Locator("[data-testid=history-metric-val_loss]").UncheckAsync();
        await Assertions.Expect(page.Locator(LossTraces)).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_history_file_rewritten_during_the_test_updates_the_open_page()
    {
        var page = await fixture.OpenAsync("/history");
        var epochs = page.Locator("[data-testid=history-epochs-nn]");
        await Assertions.Expect(epochs).ToHaveAttributeAsync("data-epochs", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        var before = int.Parse((await epochs.GetAttributeAsync("data-epochs"))!);

        fixture.WriteHistory("nn", epochs: before + 1, totalEpochs: before + 3, RunStatus.Running);

        await Assertions.Expect(epochs).ToHaveAttributeAsync("data-epochs", (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=history-progress-nn]")).ToContainTextAsync($"Epoch {before + 2} of {before + 3}");
        await Assertions.Expect(page.Locator("[data-testid=history-speed-nn]")).ToHaveTextAsync("1,480 images/s");
        // The chart redrew with the new epoch: the nn loss line has one more point.
        await Assertions.Expect(page.Locator($"{LossTraces} >> nth=0").Locator(".points path")).ToHaveCountAsync(before + 1);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Clicking_a_confusion_cell_filters_the_gallery_and_an_image_opens_in_the_classifier()
    {
        var page = await fixture.OpenAsync("/compare");
        var gallery = page.Locator("[data-testid=misclassified-gallery]");
        var total = InsightsFixture.Mistakes.Sum(m => m.Count);
        await Assertions.Expect(gallery).ToHaveAttributeAsync("data-count", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=confusion-cell-3-5]")).ToHaveAttributeAsync("data-count", "6");
        // A table to assistive technology: a header row and a row per true digit, each cell a button named by what it counts.
        var matrix = page.Locator("[data-testid=confusion-panel]").GetByRole(AriaRole.Table, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Confusion matrix of ") });
        await Assertions.Expect(matrix.GetByRole(AriaRole.Row)).ToHaveCountAsync(11);
        await Assertions.Expect(matrix.GetByRole(AriaRole.Row).Nth(4).GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("3");
        var cell = matrix.GetByRole(AriaRole.Button, new() { Name = "6 test images of 3 predicted as 5", Exact = true });

        await cell.ClickAsync();

        await Assertions.Expect(gallery).ToHaveAttributeAsync("data-count", "6");
        var items = gallery.Locator("a.digit-thumb");
        await Assertions.Expect(items).ToHaveCountAsync(6);
        foreach (var label in await items.Locator(".digit-thumb__label").AllTextContentsAsync())
        {
            Assert.Equal("3→5", label.Trim());
        }

        var index = int.Parse((await items.First.GetAttributeAsync("data-index"))!);
        Assert.Equal(3, fixture.TestSet.LabelOf(index));

        await items.First.ClickAsync();

        await page.ExpectAddressAsync($"/?mnist={index}");
        await Assertions.Expect(page.Locator("[data-testid=mnist-sample-label]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=model-card-simple-cnn] [data-testid=predicted-digit]")).ToHaveTextAsync("7");
        Assert.True(int.Parse((await page.Locator("[data-testid=preview]").GetAttributeAsync("data-ink-pixels"))!) > 50);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_comparison_table_has_every_model_the_ensemble_and_the_studys_scores()
    {
        var page = await fixture.OpenAsync("/compare");

        await Assertions.Expect(page.Locator("[data-testid^=comparison-row-]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=accuracy-simple-cnn]")).ToHaveTextAsync("99.87 %");
        await Assertions.Expect(page.Locator("[data-testid=study-cnn-quad]")).ToContainTextAsync("0.99057");
        // The server measures latency and scores the ensemble in the background; the page follows.
        await Assertions.Expect(page.Locator("[data-testid=latency-nn]")).ToContainTextAsync("ms");
        await Assertions.Expect(page.Locator("[data-testid=ensemble-progress]")).ToHaveAttributeAsync("data-state", "current", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("[data-testid=accuracy-ensemble]")).ToContainTextAsync("%");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_owner_starts_the_full_training_of_a_quick_model_from_the_comparison_page_and_sees_it_fail()
    {
        var page = await fixture.OpenAsync("/compare");

        await Assertions.Expect(page.Locator("[data-testid=partial-training-hint]")).ToHaveAttributeAsync("data-models", "cnn-proj");
        await page.Locator("[data-testid=train-fully]").ClickAsync();

        // The file named as the Training CLI is no program: the child process fails, and the page says so.
        var failure = page.Locator("[data-testid=full-training-failed]");
        await Assertions.Expect(failure).ToContainTextAsync("The Training CLI exited with code");
        await Assertions.Expect(failure).ToContainTextAsync("Log: full-training.log in the models folder");
        Assert.True(File.Exists(Path.Combine(fixture.ModelsDirectory, "full-training.log")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_dataset_browser_pages_through_one_digit_and_opens_an_image_in_the_classifier()
    {
        var page = await fixture.OpenAsync("/dataset");
        await page.Locator("[data-testid=dataset-digit-4]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dataset-grid]")).ToHaveAttributeAsync("data-digit", "4");
        await Assertions.Expect(page.Locator("[data-testid=dataset-page]")).ToContainTextAsync("982 test images labelled 4");
        var first = page.Locator("[data-testid^=dataset-image-]").First;
        var index = int.Parse((await first.GetAttributeAsync("data-index"))!);
        Assert.Equal(4, fixture.TestSet.LabelOf(index));

        await page.Locator("[data-testid=dataset-next]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dataset-page]")).ToContainTextAsync("Page 2 of 15");
        await Assertions.Expect(page.Locator("[data-testid^=dataset-image-]")).ToHaveCountAsync(70);
        await page.Locator("[data-testid=dataset-prev]").ClickAsync();
        await page.ExpectAddressAsync("/dataset?digit=4");

        await page.Locator($"[data-testid=dataset-image-{index}]").ClickAsync();

        await page.ExpectAddressAsync($"/?mnist={index}");
        await Assertions.Expect(page.Locator("[data-testid=mnist-sample-label]")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("[data-testid=predicted-digit]")).ToHaveCountAsync(5);

        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("[data-testid=dataset-grid]")).ToHaveAttributeAsync("data-digit", "4");
        await Assertions.Expect(page.Locator("[data-testid=dataset-page]")).ToContainTextAsync("Page 1 of 15");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/history")]
    [InlineData("/compare")]
    [InlineData("/dataset")]
    [InlineData("/my-digits")]
    public async Task The_pages_fit_a_phone_without_sideways_scrolling(string path)
    {
        var page = await fixture.OpenAsync(path, 390, 844);
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{path} is {overflow} px wider than a 390 px phone");
        await page.Context.CloseAsync();
    }
}
