using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Client.Verdicts;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.AutoTraining;

public sealed class TrainingProgressTests : BunitContext
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 12, 4, 5, 0, 0, TimeSpan.Zero);
    private readonly FakeModelRecords records = new();
    private readonly FakeAutoTrainingStatus autoTraining = new();
    private readonly FakeTimeProvider clock = new(WrittenAt.AddSeconds(2));

    public TrainingProgressTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IModelRecords>(records);
        Services.AddSingleton<IAutoTrainingStatus>(autoTraining);
        Services.AddSingleton<TimeProvider>(clock);
    }

    [Fact]
    public void A_model_still_training_shows_a_live_progress_bar_with_epoch_speed_and_eta()
    {
        autoTraining.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["nn", "simple-cnn"], "/m/auto-training.log", null);
        var card = RenderNotTrainedCard("nn");
        Assert.Contains("Queued", card.Find("[data-testid=training-queued-nn]").TextContent);

        records.Update("nn", m => m with { History = RecordState<TrainingHistory>.Of(Running(epoch: 2, imagesDone: 30_000, etaSeconds: 95)) });
        records.RaiseChanged();

        card.WaitForAssertion(() => Assert.Equal("2 of 4", card.Find("[data-testid=training-epoch-nn]").TextContent));
        Assert.Equal("12,345 images/s", card.Find("[data-testid=training-speed-nn]").TextContent);
        Assert.Equal("1 min 35 s", card.Find("[data-testid=training-eta-nn]").TextContent);
        // Epoch 2 of 4, half done: 1.5 / 4 of the run.
        Assert.Equal("37.5", card.Find("[data-testid=training-progress-nn] [role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void A_failed_background_training_says_so_and_where_its_log_is()
    {
        autoTraining.Current = new AutoTrainingStatus(AutoTrainingState.Failed, ["nn"], "/m/auto-training.log", "The Training CLI exited with code 3.");

        var card = RenderNotTrainedCard("nn");

        var failure = card.Find("[data-testid=training-failed-nn]").TextContent;
        Assert.Contains("exited with code 3", failure);
        Assert.Contains("Log: auto-training.log in the models folder", failure); // its name, not the server's path
        Assert.DoesNotContain("/m/", failure);
        Assert.Empty(card.FindAll("[data-testid=training-progress-nn]"));
    }

    [Fact]
    public void A_model_not_in_the_background_run_and_not_training_shows_no_progress()
    {
        autoTraining.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["cnn-quad"], "/m/auto-training.log", null);

        var card = RenderNotTrainedCard("nn");

        Assert.Empty(card.FindAll("[data-testid^=training-]"));
    }

    [Fact]
    public void A_model_answering_with_an_early_version_shows_that_it_is_still_training()
    {
        autoTraining.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["nn", "simple-cnn"], "/m/auto-training.log", null);
        records.Update("nn", m => m with { History = RecordState<TrainingHistory>.Of(Running(epoch: 3, imagesDone: 0, etaSeconds: 60)) });

        var card = RenderReadyCard("nn");

        Assert.Equal("waiting", card.Find("[data-testid=model-card-nn]").GetAttribute("data-state")); // ready, no digit drawn yet
        Assert.Contains("Answering with an early version; still training: epoch 3 of 4", card.Find("[data-testid=training-progress-nn]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=training-queued-nn]"));
    }

    [Fact]
    public void A_model_in_service_waiting_for_its_turn_in_a_full_recipe_run_says_so_until_its_training_starts()
    {
        autoTraining.Current = new AutoTrainingStatus(
            AutoTrainingState.Running, ["simple-cnn", "cnn-quad"], "/m/full-training.log", null, Kind: TrainingRunKind.FullRecipe, StartedAt: WrittenAt);
        records.Update("cnn-quad", m => m with { History = RecordState<TrainingHistory>.Of(Finished(startedAt: WrittenAt.AddHours(-1))) });

        var card = RenderReadyCard("cnn-quad");
        Assert.Equal(
            "Queued for training with the full recipe; answering with its current version.",
            card.Find("[data-testid=training-queued-cnn-quad]").TextContent);

        // This run trained it: its history started after the run did.
        records.Update("cnn-quad", m => m with { History = RecordState<TrainingHistory>.Of(Finished(startedAt: WrittenAt.AddMinutes(20))) });
        card = RenderReadyCard("cnn-quad");
        Assert.Empty(card.FindAll("[data-testid^=training-]"));

        // This run continued a stopped one to its end: the history keeps the first start but was written since.
        records.Update("cnn-quad", m => m with { History = RecordState<TrainingHistory>.Of(Finished(startedAt: WrittenAt.AddMinutes(-10))) });
        card = RenderReadyCard("cnn-quad");
        Assert.Empty(card.FindAll("[data-testid^=training-]"));
    }

    [Fact]
    public void A_run_that_stopped_writing_its_history_long_ago_shows_no_progress()
    {
        records.Update("simple-cnn", m => m with { History = RecordState<TrainingHistory>.Of(Running(epoch: 2, imagesDone: 0, etaSeconds: 60)) });
        clock.SetUtcNow(WrittenAt + TrainingHistory.AbandonedAfter + TimeSpan.FromSeconds(1));

        var card = RenderReadyCard("simple-cnn");

        Assert.Empty(card.FindAll("[data-testid^=training-]"));
    }

    [Fact]
    public void A_model_in_service_that_the_full_recipe_retrains_says_so()
    {
        autoTraining.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["simple-cnn"], "/m/full-training.log", null, Kind: TrainingRunKind.FullRecipe);
        records.Update("simple-cnn", m => m with { History = RecordState<TrainingHistory>.Of(Running(epoch: 2, imagesDone: 0, etaSeconds: 60)) });

        var card = RenderReadyCard("simple-cnn");

        Assert.Contains(
            "Answering with its current version; training it with the full recipe: epoch 2 of 4",
            card.Find("[data-testid=training-progress-simple-cnn]").TextContent);
    }

    [Fact]
    public void A_ready_model_whose_training_ended_shows_no_training_although_the_background_run_goes_on()
    {
        autoTraining.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["nn", "simple-cnn"], "/m/auto-training.log", null);

        var card = RenderReadyCard("nn");

        Assert.Empty(card.FindAll("[data-testid^=training-]"));
    }

    private IRenderedComponent<VerdictCard> RenderReadyCard(string modelId) =>
        Render<VerdictCard>(p => p.Add(c => c.Verdict,
            ModelVerdict.WithoutAnswer(new ModelStatus(modelId, modelId, ModelAvailability.Ready, null))));

    private IRenderedComponent<VerdictCard> RenderNotTrainedCard(string modelId) =>
        Render<VerdictCard>(p => p.Add(c => c.Verdict,
            ModelVerdict.WithoutAnswer(new ModelStatus(modelId, modelId, ModelAvailability.NotTrained, "No model.onnx yet."))));

    private static TrainingHistory Running(int epoch, long imagesDone, double etaSeconds) => new()
    {
        ModelId = "nn",
        Recipe = "modern",
        Status = RunStatus.Running,
        TotalEpochs = 4,
        Progress = new RunProgress(epoch, 4, imagesDone, 60_000, 12_345, etaSeconds, WrittenAt),
        UpdatedAt = WrittenAt,
    };

    private static TrainingHistory Finished(DateTimeOffset startedAt) => new()
    {
        ModelId = "cnn-quad",
        Recipe = "modern",
        Status = RunStatus.Completed,
        TotalEpochs = 3,
        StartedAt = startedAt,
        UpdatedAt = startedAt.AddMinutes(15),
    };

    private sealed class FakeAutoTrainingStatus : IAutoTrainingStatus
    {
        public AutoTrainingStatus Current { get; set; } = AutoTrainingStatus.Idle;

        public event Action? Changed
        {
            add { }
            remove { }
        }
    }
}
