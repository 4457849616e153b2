using Microsoft.AspNetCore.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Comparison;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.Comparison;

public sealed class ModelComparisonPenDigitsTests : BunitContext
{
    private readonly RecordFixtures fixtures = new();
    private readonly FakeModelRecords records = new();
    private readonly FakeModelComparison comparison = new();

    public ModelComparisonPenDigitsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IModelRecords>(records);
        Services.AddSingleton<IModelComparison>(comparison);
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(RecordFixtures.TestImages()));
        Services.AddSingleton<MnistBlazor.Client.SavedDrawings.ISavedDrawings>(new SavedDrawings.FakeSavedDrawings());
        records.Update("simple-cnn", m => m with { Metrics = fixtures.Metrics("simple-cnn", (3, 5)) });
    }

    [Fact]
    public void Every_model_and_the_ensemble_show_their_real_pen_score_beside_the_mnist_score()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            ["nn"] = SamplePenDigits.Metrics("nn"),
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn", 24, (3, 7), (13, 7), (8, 2)),
            [ModelCatalog.EnsembleId] = SamplePenDigits.Metrics(ModelCatalog.EnsembleId, 24, (3, 7)),
        };
        comparison.PenDigitsEvaluation = new EnsembleEvaluation(EvaluationState.Current, 1, "2 models and the ensemble measured on 24 real pen digits from pens.tes.");

        var page = Render<ModelComparisonPage>();

        Assert.Equal("99.00 %", page.Find("[data-testid=accuracy-simple-cnn]").TextContent.Trim());
        Assert.Equal("87.50 %", page.Find("[data-testid=pen-accuracy-simple-cnn]").TextContent.Trim());
        Assert.Equal("95.83 %", page.Find("[data-testid=pen-accuracy-ensemble]").TextContent.Trim());
        Assert.Equal("100.00 %", page.Find("[data-testid=pen-accuracy-nn]").TextContent.Trim());
        Assert.Equal("—", page.Find("[data-testid=pen-accuracy-cnn-quad]").TextContent.Trim());
        var summary = page.Find("[data-testid=pen-summary]").TextContent;
        Assert.Contains("24 digits", summary);
        Assert.Contains("3 writers", summary);
        Assert.Contains(SamplePenDigits.FileName, summary);
        Assert.Equal(
            ["pen-confusion-model-nn", "pen-confusion-model-simple-cnn", "pen-confusion-model-ensemble"],
            page.FindAll("[data-testid^=pen-confusion-model-]").Select(t => t.GetAttribute("data-testid")));
    }

    [Fact]
    public void The_pen_digits_each_model_and_the_drawing_page_would_call_unlike_any_learned_digit_are_counted_and_linked()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            ["nn"] = SamplePenDigits.Metrics("nn"), // no familiarity profile: no row
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn") with { Unfamiliar = [] },
            ["cnn-quad"] = SamplePenDigits.Metrics("cnn-quad") with { Unfamiliar = [.. Enumerable.Range(5, 14)] },
            [ModelCatalog.EnsembleId] = SamplePenDigits.Metrics(ModelCatalog.EnsembleId) with { Unfamiliar = [7, 12] },
        };

        var page = Render<ModelComparisonPage>();

        var table = page.Find("[data-testid=pen-unfamiliar]");
        Assert.Equal(["pen-unfamiliar-simple-cnn", "pen-unfamiliar-cnn-quad", "pen-unfamiliar-ensemble"],
            table.QuerySelectorAll("tbody tr").Select(row => row.GetAttribute("data-testid")));
        Assert.Equal("0 of 24", table.QuerySelector("[data-testid=pen-unfamiliar-simple-cnn] [data-testid=pen-unfamiliar-count]")!.TextContent);
        var drawingPage = table.QuerySelector("[data-testid=pen-unfamiliar-ensemble]")!;
        Assert.Equal("The drawing page (most of the CNNs)", drawingPage.QuerySelector("th")!.TextContent);
        Assert.Equal(["/?pen=7", "/?pen=12"], drawingPage.QuerySelectorAll("[data-testid=pen-unfamiliar-digit]").Select(a => a.GetAttribute("href")));
        var many = table.QuerySelector("[data-testid=pen-unfamiliar-cnn-quad]")!;
        Assert.Equal("14", many.QuerySelector("[data-testid=pen-unfamiliar-count]")!.GetAttribute("data-value"));
        Assert.Equal(12, many.QuerySelectorAll("[data-testid=pen-unfamiliar-digit]").Length);
        Assert.Contains("and 2 more", many.TextContent);
    }

    [Fact]
    public void Without_a_familiarity_profile_no_model_says_which_pen_digits_it_finds_unlike_its_learned_ones()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics> { ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn") };

        var page = Render<ModelComparisonPage>();

        Assert.Empty(page.FindAll("[data-testid=pen-unfamiliar]"));
    }

    [Fact]
    public void Each_models_accuracy_is_shown_for_each_writer_of_the_pen_digits()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            // Digit i is written by writer 1 + i % 3: 8 digits each; digits 3 and 13 are writer 1's and writer 2's.
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn", 24, (3, 7), (13, 7)),
            [ModelCatalog.EnsembleId] = SamplePenDigits.Metrics(ModelCatalog.EnsembleId, 24, (3, 7)),
        };

        var page = Render<ModelComparisonPage>();

        Assert.Equal(["Writer", "Digits", "Simple CNN", "Soft-vote ensemble (CNNs)"], page.FindAll("[data-testid=pen-writers] thead th").Select(h => h.TextContent.Trim()));
        Assert.Equal(["Writer 1", "Writer 2", "Writer 3"], page.FindAll("[data-testid=pen-writers] tbody th").Select(h => h.TextContent.Trim()));
        Assert.Equal(["8", "8", "8"], page.FindAll("[data-testid=pen-writers] tbody tr").Select(row => row.QuerySelector("td")!.TextContent.Trim()));
        Assert.Equal(["87.5 %", "87.5 %", "100.0 %"], Cells("simple-cnn").Select(c => c.TextContent.Trim().Replace(Lowest, "")));
        Assert.Equal(["87.5 %", "100.0 %", "100.0 %"], Cells(ModelCatalog.EnsembleId).Select(c => c.TextContent.Trim().Replace(Lowest, "")));
        Assert.Equal("1 of 8 wrong", page.Find("[data-testid=pen-writer-2] td[data-model=simple-cnn]").GetAttribute("title"));

        // Each model's hardest writers are marked, in bold and in words.
        Assert.Equal([true, true, false], Cells("simple-cnn").Select(c => c.HasAttribute("data-lowest")));
        Assert.Equal([true, false, false], Cells(ModelCatalog.EnsembleId).Select(c => c.HasAttribute("data-lowest")));
        Assert.EndsWith(Lowest, page.Find("[data-testid=pen-writer-1] td[data-model=ensemble]").TextContent.Trim());

        IEnumerable<AngleSharp.Dom.IElement> Cells(string modelId) => page.FindAll($"[data-testid=pen-writers] td[data-model='{modelId}']");
    }

    private const string Lowest = " (this model's lowest)";

    [Fact]
    public void Each_models_accuracy_on_the_digits_written_differently_is_shown_beside_as_written_with_its_lowest_marked()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            ["nn"] = SamplePenDigits.Metrics("nn", 24, (3, 7), (13, 7), (8, 2)), // 21 of 24: 87.5 %
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn"),
        };
        var turns = PenDigitVariation.Standard.Skip(1).ToArray();
        comparison.PenDigitVariations = new Dictionary<string, IReadOnlyList<VariationAccuracy>>
        {
            ["nn"] = turns.Select((v, i) => new VariationAccuracy(v.Name, i == 3 ? 0.5 : 0.875)).ToArray(),
            ["simple-cnn"] = turns.Skip(1).Select(v => new VariationAccuracy(v.Name, 1.0)).ToArray(), // one missing: no column yet
        };
        comparison.PenDigitVariationsEvaluation = new EnsembleEvaluation(EvaluationState.Running, 0.5, "Measuring simple-cnn on the 24 pen digits written 8 other ways… 50 %");

        var page = Render<ModelComparisonPage>();

        Assert.Equal(["Written", "NN (multilayer perceptron)"], page.FindAll("[data-testid=pen-variations] thead th").Select(h => h.TextContent.Trim()));
        Assert.Equal(
            ["as written", .. turns.Select(v => v.Description), "mean of the ways above"],
            page.FindAll("[data-testid=pen-variations] tbody th").Select(h => h.TextContent.Trim()));
        Assert.Equal("87.5 %", page.Find("[data-testid=pen-variation-as-written] td[data-model=nn]").TextContent.Trim());
        Assert.Equal("87.5 % (+0.0)", page.Find($"[data-testid=pen-variation-{turns[0].Name}] td[data-model=nn]").TextContent.Trim());
        var lowest = page.Find($"[data-testid=pen-variation-{turns[3].Name}] td[data-model=nn]");
        Assert.Equal("50.0 % (−37.5)" + Lowest, lowest.TextContent.Trim());
        Assert.Equal("true", lowest.GetAttribute("data-lowest"));
        Assert.Single(page.FindAll("[data-testid=pen-variations] td[data-lowest]"));
        Assert.Equal("82.8 % (−4.7)", page.Find("[data-testid=pen-variation-mean] td[data-model=nn]").TextContent.Trim()); // (7 x 0.875 + 0.5) / 8
        Assert.Equal("running", page.Find("[data-testid=pen-variations-progress]").GetAttribute("data-state"));
    }

    [Fact]
    public void Before_any_model_is_measured_written_differently_only_the_progress_is_shown()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics> { ["nn"] = SamplePenDigits.Metrics("nn") };
        comparison.PenDigitVariationsEvaluation = new EnsembleEvaluation(EvaluationState.Running, 0.1, "Measuring nn on the 24 pen digits written 8 other ways… 10 %");

        var page = Render<ModelComparisonPage>();

        Assert.Empty(page.FindAll("[data-testid=pen-variations]"));
        Assert.Contains("written 8 other ways", page.Find("[data-testid=pen-variations-progress]").TextContent);
    }

    [Fact]
    public void Every_writer_scoring_the_same_marks_no_writer_as_the_hardest()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn", 24),
        };

        var page = Render<ModelComparisonPage>();

        Assert.Equal(3, page.FindAll("[data-testid=pen-writers] td[data-model=simple-cnn]").Count);
        Assert.Empty(page.FindAll("[data-testid=pen-writers] [data-lowest]"));
    }

    [Fact]
    public void The_pen_confusion_matrix_filters_the_pen_gallery_whose_digits_open_on_the_drawing_pad()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn", 24, (3, 7), (13, 7), (8, 2)),
        };
        var page = Render<ModelComparisonPage>();
        Assert.Equal("3", page.Find("[data-testid=pen-misclassified-gallery]").GetAttribute("data-count"));
        Assert.Contains("Misclassified pen digits", page.Find("[data-testid=pen-misclassified-gallery]").TextContent);
        Assert.Equal("2", page.Find("[data-testid=pen-confusion-cell-3-7]").GetAttribute("data-count"));

        page.Find("[data-testid=pen-confusion-cell-3-7]").Click();

        var shown = page.FindAll("[data-testid^=pen-misclassified-]").Where(e => e.GetAttribute("data-index") is not null).ToArray();
        Assert.Equal(["/?pen=3", "/?pen=13"], shown.Select(e => e.GetAttribute("href")));
        Assert.StartsWith("data:image/png;base64,", shown[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("true 3 → predicted 7", page.Find("[data-testid=pen-gallery-filter]").TextContent);
        // The MNIST gallery is untouched and still links to MNIST test images.
        Assert.Equal("1", page.Find("[data-testid=misclassified-gallery]").GetAttribute("data-count"));
        Assert.Equal("/?mnist=3", page.Find("[data-testid=misclassified-3]").GetAttribute("href"));
    }

    [Fact]
    public void A_chosen_writer_narrows_the_pen_confusion_matrix_and_gallery_to_their_digits_for_every_model_until_cleared()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/compare");
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            // Digit i is writer (1 + i % 3)'s: 3 is writer 1's, 13 and 16 writer 2's, 8 writer 3's.
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn", 24, (3, 7), (13, 7), (8, 2)),
            [ModelCatalog.EnsembleId] = SamplePenDigits.Metrics(ModelCatalog.EnsembleId, 24, (13, 7), (16, 1)),
        };
        var page = Render<ModelComparisonPage>();
        string[] Shown() => page.FindAll("[data-testid=pen-misclassified-gallery] [data-index]").Select(e => e.GetAttribute("data-index")!).ToArray();
        Assert.Equal(["3", "8", "13"], Shown());
        Assert.Equal("2", page.Find("[data-testid=pen-confusion-cell-3-7]").GetAttribute("data-count"));
        Assert.Equal("Confusion matrix on the pen digits", page.Find("#pen-confusion-title").TextContent.Trim());

        page.Find("[data-testid=pen-writer-show-2]").Click();

        Assert.Equal("true", page.Find("[data-testid=pen-writer-show-2]").GetAttribute("aria-pressed"));
        Assert.Equal(["13"], Shown());
        Assert.Contains("writer 2 · 1 image", page.Find("[data-testid=pen-gallery-subset]").TextContent);
        Assert.EndsWith("/compare?writer=2", navigation.Uri);
        // Writer 2 wrote digits 1, 4, 7, ..., 22: one 3 (digit 13, read as 7), one 4, no 5.
        Assert.Equal("Confusion matrix on writer 2's pen digits", page.Find("#pen-confusion-title").TextContent.Trim());
        Assert.StartsWith("Confusion matrix of Simple CNN on writer 2's digits:", page.Find("[data-testid=pen-confusion-simple-cnn]").GetAttribute("aria-label"));
        Assert.Equal("1", page.Find("[data-testid=pen-confusion-cell-3-7]").GetAttribute("data-count"));
        Assert.Equal("0", page.Find("[data-testid=pen-confusion-cell-3-3]").GetAttribute("data-count"));
        Assert.Equal("1", page.Find("[data-testid=pen-confusion-cell-4-4]").GetAttribute("data-count"));
        Assert.Equal("0", page.Find("[data-testid=pen-confusion-cell-5-5]").GetAttribute("data-count"));
        Assert.Equal("/dataset?set=pen&writer=2", page.Find("[data-testid=pen-gallery-subset-browse]").GetAttribute("href"));
        page.Find("[data-testid=pen-confusion-model-ensemble]").Click();
        Assert.Equal(["13", "16"], Shown());

        page.Find("[data-testid=pen-writer-show-3]").Click();
        Assert.Empty(Shown());
        Assert.Contains("No misclassified images of writer 3.", page.Find("[data-testid=pen-misclassified-gallery]").TextContent);

        page.Find("[data-testid=pen-gallery-subset-clear]").Click();
        Assert.Equal(["13", "16"], Shown());
        Assert.Empty(page.FindAll("[data-testid=pen-gallery-subset]"));
        Assert.Equal("false", page.Find("[data-testid=pen-writer-show-3]").GetAttribute("aria-pressed"));
        Assert.Equal("1", page.Find("[data-testid=pen-confusion-cell-3-7]").GetAttribute("data-count"));
        Assert.Equal("2", page.Find("[data-testid=pen-confusion-cell-3-3]").GetAttribute("data-count"));
        Assert.DoesNotContain("writer=", navigation.Uri);
    }

    [Theory]
    [InlineData("/compare?writer=3", "writer 3")]
    [InlineData("/compare?writer=9", null)]
    [InlineData("/compare?writer=two", null)]
    public void The_address_can_choose_a_writer_and_one_the_file_does_not_have_shows_every_writers_digits(string address, string? shown)
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics>
        {
            ["simple-cnn"] = SamplePenDigits.Metrics("simple-cnn", 24, (3, 7), (13, 7), (8, 2)),
        };
        Services.GetRequiredService<NavigationManager>().NavigateTo(address);

        var page = Render<ModelComparisonPage>();

        var chip = page.FindAll("[data-testid=pen-gallery-subset]");
        if (shown is null)
        {
            Assert.Empty(chip);
            Assert.Equal("3", page.Find("[data-testid=pen-misclassified-gallery]").GetAttribute("data-count"));
        }
        else
        {
            Assert.Contains(shown, Assert.Single(chip).TextContent);
            Assert.Equal("true", page.Find("[data-testid=pen-writer-show-3]").GetAttribute("aria-pressed"));
            Assert.Equal(["8"], page.FindAll("[data-testid=pen-misclassified-gallery] [data-index]").Select(e => e.GetAttribute("data-index")));
        }
    }

    [Fact]
    public void Without_a_pen_file_the_section_says_how_to_get_one_and_the_rest_of_the_page_works()
    {
        var missing = FakePenDigits.Missing();
        Services.AddSingleton<IPenDigits>(missing);
        comparison.PenDigitsEvaluation = new EnsembleEvaluation(EvaluationState.Unavailable, 0, missing.Current.Problem);

        var page = Render<ModelComparisonPage>();

        var notice = page.Find("[data-testid=pen-unavailable]").TextContent;
        Assert.Contains("There is no pen-digits.tes", notice);
        Assert.Contains("Pen-Based Recognition of Handwritten Digits", notice);
        Assert.Contains("PenDigits:File", notice);
        Assert.Empty(page.FindAll("[data-testid=pen-confusion-panel]"));
        Assert.Empty(page.FindAll("[data-testid=pen-progress]"));
        Assert.Equal("—", page.Find("[data-testid=pen-accuracy-simple-cnn]").TextContent.Trim());
        Assert.Equal("99.00 %", page.Find("[data-testid=accuracy-simple-cnn]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=confusion-simple-cnn]"));
        Assert.Equal("1", page.Find("[data-testid=misclassified-gallery]").GetAttribute("data-count"));
    }

    [Fact]
    public void While_the_server_measures_the_pen_digits_the_page_shows_progress_and_then_the_scores()
    {
        var pen = new FakePenDigits(PenDigitsSnapshot.Loading(SamplePenDigits.FileName));
        Services.AddSingleton<IPenDigits>(pen);
        var page = Render<ModelComparisonPage>();
        Assert.NotNull(page.Find("[data-testid=pen-loading]"));

        comparison.PenDigitsEvaluation = new EnsembleEvaluation(EvaluationState.Running, 0.5, "Measuring… 50 %");
        pen.Finish(SamplePenDigits.Snapshot());

        page.WaitForAssertion(() => Assert.Equal("50", page.Find("[data-testid=pen-progress] [role=progressbar]").GetAttribute("aria-valuenow")));
        Assert.Contains("computing", page.Find("[data-testid=pen-accuracy-ensemble]").TextContent);

        comparison.PenDigitMetrics = new Dictionary<string, TestMetrics> { [ModelCatalog.EnsembleId] = SamplePenDigits.Metrics(ModelCatalog.EnsembleId) };
        comparison.PenDigitsEvaluation = new EnsembleEvaluation(EvaluationState.Current, 1, "measured");
        comparison.RaiseChanged();

        page.WaitForAssertion(() => Assert.Equal("100.00 %", page.Find("[data-testid=pen-accuracy-ensemble]").TextContent.Trim()));
        Assert.Equal("current", page.Find("[data-testid=pen-progress]").GetAttribute("data-state"));
        Assert.NotNull(page.Find("[data-testid=pen-confusion-ensemble]"));
    }

    [Fact]
    public void While_a_training_runs_the_scores_it_would_slow_down_say_they_come_after_it()
    {
        Services.AddSingleton<IPenDigits>(FakePenDigits.Ready());
        const string waiting = "simple-cnn will be measured on the 24 pen digits when the training writing the models now ends (beside it, it would slow the training down).";
        comparison.PenDigitsEvaluation = new EnsembleEvaluation(EvaluationState.Waiting, 0, waiting);
        comparison.EnsembleEvaluation = new EnsembleEvaluation(EvaluationState.Waiting, 0, "The ensemble is evaluated on the 10,000 test images when the training writing the models now ends.");

        var page = Render<ModelComparisonPage>();

        var progress = page.Find("[data-testid=pen-progress]");
        Assert.Equal("waiting", progress.GetAttribute("data-state"));
        Assert.Equal(waiting, progress.TextContent.Trim());
        Assert.Empty(progress.QuerySelectorAll("[role=progressbar]"));
        var penCell = page.Find("[data-testid=pen-accuracy-simple-cnn] span");
        Assert.Equal("after training", penCell.TextContent);
        Assert.Equal(waiting, penCell.GetAttribute("title"));
        Assert.Empty(page.FindAll("[data-testid=pen-unmeasured]")); // the message is said once, in the progress line
        Assert.Equal("after training", page.Find("[data-testid=accuracy-ensemble]").TextContent.Trim());
        Assert.Equal("waiting", page.Find("[data-testid=ensemble-progress]").GetAttribute("data-state"));
    }

    protected override void Dispose(bool disposing)
    {
        fixtures.Dispose();
        base.Dispose(disposing);
    }
}
