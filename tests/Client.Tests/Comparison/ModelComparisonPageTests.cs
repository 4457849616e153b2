using MnistBlazor.Shared.Records;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Comparison;
using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Models;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.Comparison;

public sealed class ModelComparisonPageTests : BunitContext
{
    private readonly RecordFixtures fixtures = new();
    private readonly FakeModelRecords records = new();
    private readonly FakeModelComparison comparison = new();

    public ModelComparisonPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IModelRecords>(records);
        Services.AddSingleton<IModelComparison>(comparison);
        Services.AddSingleton<IMnistTestSet>(new FakeTestSet(RecordFixtures.TestImages()));
        Services.AddSingleton<IPenDigits>(FakePenDigits.Missing());
        Services.AddSingleton<MnistBlazor.Client.SavedDrawings.ISavedDrawings>(savedDrawings);
    }

    private readonly SavedDrawings.FakeSavedDrawings savedDrawings = new();

    [Fact]
    public void The_models_are_measured_on_the_saved_drawings_beside_mnist()
    {
        savedDrawings.Add(3);
        savedDrawings.Add(7);

        var page = Render<ModelComparisonPage>();

        var section = page.Find("[data-testid=drawings-measurement]");
        Assert.Contains("2 drawings", section.TextContent);
        Assert.Contains("MNIST test", section.TextContent);
    }

    [Fact]
    public void A_refused_drawings_database_is_reported_on_the_comparison_page()
    {
        savedDrawings.Failure = SavedDrawings.FakeSavedDrawings.Refused("/srv/data/drawings.db");

        var page = Render<ModelComparisonPage>();

        Assert.Contains("Cannot measure the models on the saved drawings", page.Find("[data-testid=drawings-measurement]").TextContent);
    }

    [Fact]
    public void Private_drawings_leave_a_visitor_where_to_sign_in_instead_of_their_measurement()
    {
        this.AsOwner().AsVisitor();
        savedDrawings.Add(3);
        savedDrawings.Failure = new UnauthorizedAccessException("The saved drawings are private on this server: only its owner sees them (sign in at /signin).");

        var page = Render<ModelComparisonPage>();

        var section = page.Find("[data-testid=drawings-measurement]");
        Assert.Equal("Sign in as owner to see the models measured on the saved drawings: they are private on this server.",
            section.QuerySelector("[data-testid=drawings-measurement-private]")!.TextContent.Trim());
        Assert.DoesNotContain("Measuring", section.TextContent);
    }

    [Fact]
    public void A_fine_tuned_model_shows_the_training_it_started_from_and_the_time_of_both()
    {
        records.Update("simple-cnn", m => m with { Card = fixtures.FineTuned(fixtures.Card("simple-cnn", 3_538_122, 100), seconds: 11) });

        var page = Render<ModelComparisonPage>();

        var training = page.Find("[data-testid=training-simple-cnn]").TextContent;
        Assert.Contains("1 min 51 s · 2 epochs", training);
        Assert.Contains("modern · adamw 0.002 · one-cycle · batch 64 · augmented · 12,000 images · then fine-tuned on saved drawings", training);
        Assert.DoesNotContain("finetune", training);
    }

    [Fact]
    public void The_table_compares_every_model_and_the_ensemble_with_the_studys_scores()
    {
        records.Update("simple-cnn", m => m with
        {
            Metrics = fixtures.Metrics("simple-cnn", (3, 5)),
            Card = fixtures.Card("simple-cnn", 3_538_122, 111.4),
            OnnxBytes = 14_157_591,
        });
        records.Update(ModelCatalog.EnsembleId, m => m with { Metrics = fixtures.Metrics(ModelCatalog.EnsembleId) });
        comparison.MedianLatency = new Dictionary<string, TimeSpan>
        {
            ["simple-cnn"] = TimeSpan.FromMilliseconds(1.234),
            [ModelCatalog.EnsembleId] = TimeSpan.FromMilliseconds(12.5),
        };

        var page = Render<ModelComparisonPage>();

        Assert.Equal(5, page.FindAll("[data-testid^=comparison-row-]").Count);
        var row = page.Find("[data-testid=comparison-row-simple-cnn]");
        Assert.Contains("3.54 M", row.TextContent);
        Assert.Contains("13.5 MB", row.TextContent);
        Assert.Equal("99.00 %", page.Find("[data-testid=accuracy-simple-cnn]").TextContent.Trim());
        Assert.Contains("0.98971", page.Find("[data-testid=study-simple-cnn]").TextContent);
        Assert.Contains("Kaggle", page.Find("[data-testid=study-simple-cnn]").TextContent);
        Assert.Contains("0.8864", page.Find("[data-testid=study-nn]").TextContent);
        Assert.Contains("1 min 51 s · 2 epochs", page.Find("[data-testid=training-simple-cnn]").TextContent);
        Assert.Contains("adamw 0.002 · one-cycle · batch 64 · augmented · 12,000 images", row.TextContent);
        Assert.Equal("1.23 ms", page.Find("[data-testid=latency-simple-cnn]").TextContent);
        Assert.Equal("12.5 ms", page.Find("[data-testid=latency-ensemble]").TextContent);
        Assert.Equal("100.00 %", page.Find("[data-testid=accuracy-ensemble]").TextContent.Trim());
        var perClass = page.FindAll("[data-testid=per-class-simple-cnn] li");
        Assert.Equal(10, perClass.Count);
        // The shade shows the accuracy; the text gives it to screen readers too.
        Assert.Matches(@"^3: \d+\.\d\d %$", perClass[3].TextContent);
        Assert.Equal("—", page.Find("[data-testid=accuracy-nn]").TextContent.Trim());
        Assert.Equal(1, comparison.MeasureRequests);
    }

    [Fact]
    public void Clicking_a_confusion_cell_shows_only_those_misclassified_images()
    {
        records.Update("cnn-proj", m => m with { Metrics = fixtures.Metrics("cnn-proj", (3, 5), (13, 5), (23, 8), (7, 1)) });
        var page = Render<ModelComparisonPage>();
        Assert.Equal("4", page.Find("[data-testid=misclassified-gallery]").GetAttribute("data-count"));
        Assert.Equal("2", page.Find("[data-testid=confusion-cell-3-5]").GetAttribute("data-count"));
        Assert.True(page.Find("[data-testid=confusion-cell-3-4]").HasAttribute("disabled"));

        page.Find("[data-testid=confusion-cell-3-5]").Click();

        var shown = page.FindAll("[data-testid^=misclassified-]").Where(e => e.GetAttribute("data-index") is not null).ToArray();
        Assert.Equal(["3", "13"], shown.Select(e => e.GetAttribute("data-index")));
        Assert.Equal("/?mnist=13", shown[1].GetAttribute("href"));
        Assert.Contains("3→5", shown[0].TextContent);
        Assert.StartsWith("data:image/png;base64,", shown[0].QuerySelector("img")!.GetAttribute("src"));
        Assert.Contains("true 3 → predicted 5 · 2 images", page.Find("[data-testid=gallery-filter]").TextContent);
        Assert.Equal("true", page.Find("[data-testid=confusion-cell-3-5]").GetAttribute("aria-pressed"));

        page.Find("[data-testid=gallery-filter-clear]").Click();

        Assert.Equal("4", page.Find("[data-testid=misclassified-gallery]").GetAttribute("data-count"));
    }

    [Fact]
    public void Each_evaluated_model_has_its_own_confusion_matrix()
    {
        records.Update("nn", m => m with { Metrics = fixtures.Metrics("nn", (0, 6)) });
        records.Update(ModelCatalog.EnsembleId, m => m with { Metrics = fixtures.Metrics(ModelCatalog.EnsembleId, (9, 4)) });
        var page = Render<ModelComparisonPage>();
        Assert.NotNull(page.Find("[data-testid=confusion-nn]"));

        page.Find("[data-testid=confusion-model-ensemble]").Click();

        Assert.Equal("1", page.Find("[data-testid=confusion-ensemble] [data-testid=confusion-cell-9-4]").GetAttribute("data-count"));
        Assert.Equal("9", page.Find("[data-testid=misclassified-9]").GetAttribute("data-index"));
    }

    [Fact]
    public void A_running_ensemble_evaluation_shows_its_progress_and_updates_when_it_reports()
    {
        comparison.EnsembleEvaluation = new EnsembleEvaluation(EvaluationState.Running, 0.42, "Evaluating the ensemble… 42 %");
        var page = Render<ModelComparisonPage>();

        Assert.Equal("42", page.Find("[data-testid=ensemble-progress] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Contains("computing", page.Find("[data-testid=accuracy-ensemble]").TextContent);
        Assert.NotNull(page.Find("[data-testid=compare-empty]"));

        comparison.EnsembleEvaluation = new EnsembleEvaluation(EvaluationState.Current, 1, "Ensemble of 3 CNNs: 99.50 %");
        records.Update(ModelCatalog.EnsembleId, m => m with { Metrics = fixtures.Metrics(ModelCatalog.EnsembleId) });
        comparison.RaiseChanged();

        page.WaitForAssertion(() => Assert.Equal("current", page.Find("[data-testid=ensemble-progress]").GetAttribute("data-state")));
        Assert.Equal("100.00 %", page.Find("[data-testid=accuracy-ensemble]").TextContent.Trim());
    }

    [Fact]
    public void A_corrupt_metrics_file_is_reported_on_its_row()
    {
        records.Update("cnn-quad", m => m with { Metrics = RecordState<MnistBlazor.Shared.Records.TestMetrics>.Failed("/m/cnn-quad/metrics.json has TestMetrics schema version 9, newer than this program reads (1); update MnistBlazor.") });

        var page = Render<ModelComparisonPage>();

        Assert.Contains("schema version 9", page.Find("[data-testid=comparison-row-cnn-quad]").TextContent);
        Assert.DoesNotContain("schema version", page.Find("[data-testid=comparison-row-nn]").TextContent);
    }

    [Fact]
    public void Models_trained_on_part_of_mnist_are_named_with_how_to_train_them_fully()
    {
        var page = Render<ModelComparisonPage>();
        Assert.Empty(page.FindAll("[data-testid=partial-training-hint]"));

        records.Update("simple-cnn", m => m with { Card = fixtures.Card("simple-cnn", 3_538_122, 111.4, trainingImages: 20_000) });
        records.Update("cnn-quad", m => m with { Card = fixtures.Card("cnn-quad", 6_649_418, 300) });
        records.Update("nn", m => m with { Card = fixtures.Card("nn", 228_010, 60, trainingImages: 57_000) });
        page = Render<ModelComparisonPage>();

        var hint = page.Find("[data-testid=partial-training-hint]");
        Assert.Equal("simple-cnn,cnn-quad", hint.GetAttribute("data-models"));
        Assert.Contains("Simple CNN and CNN + quadrants + projections were trained on part of MNIST (12,000 to 20,000 images)", hint.TextContent);
        Assert.Contains("-- train", hint.TextContent);
    }

    protected override void Dispose(bool disposing)
    {
        fixtures.Dispose();
        base.Dispose(disposing);
    }
}
