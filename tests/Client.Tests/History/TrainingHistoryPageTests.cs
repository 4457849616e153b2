using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MnistBlazor.Client.Charts;
using MnistBlazor.Client.History;
using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Client.Tests.Insights;

namespace MnistBlazor.Client.Tests.History;

public sealed class TrainingHistoryPageTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly RecordFixtures fixtures = new();
    private readonly FakeModelRecords records = new();
    private readonly FakeTimeProvider clock = new(RecordFixtures.HistoryUpdatedAt.AddMinutes(1));

    public TrainingHistoryPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IModelRecords>(records);
        Services.AddSingleton<TimeProvider>(clock);
    }

    [Fact]
    public void Each_chart_overlays_one_line_per_model_and_metric_with_validation_dashed()
    {
        records.Update("nn", m => m with { History = fixtures.History("nn", 3, 10) });
        records.Update("simple-cnn", m => m with { History = fixtures.History("simple-cnn", 2, 2) });

        var page = Render<TrainingHistoryPage>();

        Assert.Equal("4", page.Find("[data-testid=history-chart-loss]").GetAttribute("data-trace-count"));
        Assert.Equal("4", page.Find("[data-testid=history-chart-accuracy]").GetAttribute("data-trace-count"));
        Assert.Equal("2", page.Find("[data-testid=history-chart-lr]").GetAttribute("data-trace-count"));
        var lossLines = page.FindAll("[data-testid=history-chart-loss] tr");
        Assert.Equal(
            ["NN (multilayer perceptron) · loss", "NN (multilayer perceptron) · val_loss", "Simple CNN · loss", "Simple CNN · val_loss"],
            lossLines.Select(r => r.GetAttribute("data-series")));
        Assert.Equal(["3", "3", "2", "2"], lossLines.Select(r => r.GetAttribute("data-points")));
        Assert.Contains("1: 0.5, 2: 0.25, 3: 0.166667", lossLines[0].TextContent);

        var series = HistorySeries.For(HistoryPanel.Loss, records.Models, new HashSet<string> { "nn" }, new HashSet<string> { "loss", "val_loss" });
        Assert.Equal([false, true], series.Select(s => s.Dashed));
        Assert.All(series, s => Assert.Equal(ModelCatalog.Nn.Color, s.Color));
    }

    [Fact]
    public void A_run_of_few_epochs_draws_its_training_figures_within_the_epochs_and_its_validation_at_their_ends()
    {
        var steps = Enumerable.Range(1, 4).Select(i => new StepRecord(i * 0.5, 1.0 / i, 0.8 + 0.04 * i, 0.001 * i)).ToArray();
        records.Update("simple-cnn", m => m with { History = RecordState<TrainingHistory>.Of(fixtures.History("simple-cnn", 2, 2).Value! with { Steps = steps }) });

        var page = Render<TrainingHistoryPage>();

        var lossLines = page.FindAll("[data-testid=history-chart-loss] tr");
        Assert.Equal(["Simple CNN · loss", "Simple CNN · val_loss"], lossLines.Select(r => r.GetAttribute("data-series")));
        Assert.Equal(["4", "2"], lossLines.Select(r => r.GetAttribute("data-points")));
        Assert.Contains("0.5: 1, 1: 0.5, 1.5: 0.333333, 2: 0.25", lossLines[0].TextContent);
        Assert.Contains("1: 0.6, 2: 0.3", lossLines[1].TextContent);
        var rate = Assert.Single(HistorySeries.For(HistoryPanel.LearningRate, records.Models, new HashSet<string> { "simple-cnn" }, new HashSet<string> { "lr" }));
        Assert.Equal([0.5, 1, 1.5, 2], rate.X);
        Assert.Equal([0.001, 0.002, 0.003, 0.004], rate.Y.Select(y => Math.Round(y!.Value, 6)));
    }

    [Fact]
    public void Across_each_runs_share_a_run_of_two_epochs_spans_the_width_of_one_of_ten()
    {
        records.Update("nn", m => m with { History = fixtures.History("nn", 3, 10) });
        var steps = Enumerable.Range(1, 4).Select(i => new StepRecord(i * 0.5, 1.0 / i, 0.8, 0.001)).ToArray();
        records.Update("simple-cnn", m => m with { History = RecordState<TrainingHistory>.Of(fixtures.History("simple-cnn", 2, 2).Value! with { Steps = steps }) });
        var page = Render<TrainingHistoryPage>();
        Assert.True(page.Find("[data-testid=history-axis-epochs]").HasAttribute("checked"));

        page.Find("[data-testid=history-axis-share]").Change(true);

        var lossLines = page.FindAll("[data-testid=history-chart-loss] tr");
        Assert.Contains("10: 0.5, 20: 0.25, 30: 0.166667", lossLines[0].TextContent); // 3 of the NN's 10 epochs
        Assert.Contains("25: 1, 50: 0.5, 75: 0.333333, 100: 0.25", lossLines[2].TextContent);
        Assert.Contains("50: 0.6, 100: 0.3", lossLines[3].TextContent);
        Assert.Equal("% of the run", page.FindComponent<LineChart>().Instance.XAxisTitle);

        page.Find("[data-testid=history-axis-epochs]").Change(true);

        Assert.Contains("1: 0.5, 2: 0.25, 3: 0.166667", page.FindAll("[data-testid=history-chart-loss] tr")[0].TextContent);
    }

    [Fact]
    public void Choosing_models_and_metrics_changes_the_lines_and_hides_empty_charts()
    {
        records.Update("nn", m => m with { History = fixtures.History("nn", 3, 10) });
        records.Update("cnn-proj", m => m with { History = fixtures.History("cnn-proj", 2, 2) });
        var page = Render<TrainingHistoryPage>();

        page.Find("[data-testid=history-model-nn]").Change(false);
        page.Find("[data-testid=history-metric-val_loss]").Change(false);

        Assert.Equal("1", page.Find("[data-testid=history-chart-loss]").GetAttribute("data-trace-count"));
        Assert.Equal("2", page.Find("[data-testid=history-chart-accuracy]").GetAttribute("data-trace-count"));

        page.Find("[data-testid=history-metric-lr]").Change(false);

        Assert.Empty(page.FindAll("[data-testid=history-chart-lr]"));
    }

    [Fact]
    public void A_running_model_shows_its_epoch_speed_and_eta_with_a_progress_bar()
    {
        var progress = new RunProgress(2, 3, 6000, 12000, 250.4, 72.0, DateTimeOffset.UnixEpoch);
        records.Update("cnn-quad", m => m with { History = fixtures.History("cnn-quad", 1, 3, RunStatus.Running, progress) });

        var page = Render<TrainingHistoryPage>();

        Assert.Equal("running", page.Find("[data-testid=history-status-cnn-quad]").GetAttribute("data-state"));
        var bar = page.Find("[data-testid=history-progress-cnn-quad]");
        Assert.Contains("Epoch 2 of 3", bar.TextContent);
        Assert.Equal("250 images/s", page.Find("[data-testid=history-speed-cnn-quad]").TextContent);
        Assert.Equal("1 min 12 s", page.Find("[data-testid=history-eta-cnn-quad]").TextContent);
        Assert.Equal("50", page.Find("[data-testid=history-progress-cnn-quad] [role=progressbar]").GetAttribute("aria-valuenow"));
        Assert.Equal("not trained", page.Find("[data-testid=history-state-nn]").TextContent);
    }

    [Fact]
    public void A_run_whose_history_stopped_being_written_long_ago_shows_as_interrupted_with_how_to_go_on()
    {
        var progress = new RunProgress(2, 3, 6000, 12000, 250.4, 72.0, RecordFixtures.HistoryUpdatedAt);
        records.Update("cnn-quad", m => m with { History = fixtures.History("cnn-quad", 1, 3, RunStatus.Running, progress) });
        clock.SetUtcNow(RecordFixtures.HistoryUpdatedAt + TrainingHistory.AbandonedAfter + TimeSpan.FromSeconds(1));

        var page = Render<TrainingHistoryPage>();

        Assert.Equal("interrupted", page.Find("[data-testid=history-status-cnn-quad]").GetAttribute("data-state"));
        Assert.Equal("interrupted", page.Find("[data-testid=history-state-cnn-quad]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=history-progress-cnn-quad]"));
        var note = page.Find("[data-testid=history-interrupted-cnn-quad]").TextContent;
        Assert.Contains("No progress since 2026-11-28 03:05:00 UTC", note);
        Assert.Contains("train --model cnn-quad --resume", note);
    }

    [Fact]
    public void A_corrupt_history_shows_its_error_for_that_model_only()
    {
        records.Update("nn", m => m with { History = fixtures.CorruptHistory("nn") });
        records.Update("simple-cnn", m => m with { History = fixtures.History("simple-cnn", 2, 2) });

        var page = Render<TrainingHistoryPage>();

        var error = page.Find("[data-testid=history-error-nn]");
        Assert.Contains("history.json", error.TextContent);
        Assert.Contains("invalid JSON", error.TextContent);
        Assert.Single(page.FindAll("[role=alert]"));
        Assert.Equal("completed", page.Find("[data-testid=history-status-simple-cnn]").GetAttribute("data-state"));
        Assert.Equal("2", page.Find("[data-testid=history-chart-loss]").GetAttribute("data-trace-count"));
    }

    [Fact]
    public void A_rewritten_history_updates_the_open_page()
    {
        records.Update("nn", m => m with { History = fixtures.History("nn", 1, 5, RunStatus.Running) });
        var page = Render<TrainingHistoryPage>();
        Assert.Equal("1", page.Find("[data-testid=history-epochs-nn]").GetAttribute("data-epochs"));

        records.Update("nn", m => m with { History = fixtures.History("nn", 2, 5, RunStatus.Running) });
        records.RaiseChanged();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=history-epochs-nn]").GetAttribute("data-epochs")), Patience);
        Assert.Equal("2", page.Find("[data-testid=history-chart-loss] tr").GetAttribute("data-points"));
    }

    [Fact]
    public void Without_any_epoch_the_page_says_how_to_train()
    {
        var page = Render<TrainingHistoryPage>();

        Assert.Contains("train --profile quick", page.Find("[data-testid=history-empty]").TextContent);
        Assert.Empty(page.FindAll("[data-testid^=history-chart]"));
    }

    protected override void Dispose(bool disposing)
    {
        fixtures.Dispose();
        base.Dispose(disposing);
    }
}
