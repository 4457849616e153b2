using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.Comparison;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.Comparison;

public sealed class PartialTrainingHintTests : BunitContext
{
    private readonly RecordFixtures fixtures = new();
    private readonly FakeModelRecords records = new();
    private readonly FakeTrainer trainer = new();

    public PartialTrainingHintTests()
    {
        records.Update("simple-cnn", m => m with { Card = fixtures.Card("simple-cnn", 3_538_122, 111.4, trainingImages: 20_000) });
        records.Update("cnn-quad", m => m with { Card = fixtures.Card("cnn-quad", 6_649_418, 300, trainingImages: 20_000) });
        records.Update("cnn-proj", m => m with { Card = fixtures.Card("cnn-proj", 5_000_000, 200, trainingImages: null) });
        Services.AddSingleton<IAutoTrainingStatus>(trainer);
        Services.AddSingleton<IFullTraining>(trainer);
    }

    private IRenderedComponent<PartialTrainingHint> RenderHint() =>
        Render<PartialTrainingHint>(parameters => parameters.Add(p => p.Models, records.Models));

    [Fact]
    public void The_owner_starts_the_full_training_of_the_models_trained_on_part_of_mnist()
    {
        this.AsOwner();
        var hint = RenderHint();

        Assert.Empty(hint.FindAll("[data-testid=train-fully-owner-hint]"));
        Assert.Equal("Train them with the full recipe", hint.Find("[data-testid=train-fully]").TextContent.Trim());
        hint.Find("[data-testid=train-fully]").Click();

        Assert.Equal(["simple-cnn", "cnn-quad"], Assert.Single(trainer.Started));
        hint.WaitForAssertion(() => Assert.Contains(
            "Training with the full recipe in the background: Simple CNN and CNN + quadrants + projections",
            hint.Find("[data-testid=full-training-running]").TextContent));
        Assert.Empty(hint.FindAll("[data-testid=train-fully]"));
    }

    [Fact]
    public void A_model_fine_tuned_after_a_quick_training_is_still_offered_the_full_recipe()
    {
        records.Update("simple-cnn", m => m with { Card = fixtures.FineTuned(m.Card, seconds: 30) });
        this.AsOwner();

        var hint = RenderHint();

        Assert.Equal("simple-cnn,cnn-quad", hint.Find("[data-testid=partial-training-hint]").GetAttribute("data-models"));
        Assert.Contains("trained on part of MNIST (20,000 images)", hint.Markup);
    }

    [Fact]
    public void The_owner_stops_the_full_training_and_may_start_it_again()
    {
        this.AsOwner();
        trainer.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["simple-cnn", "cnn-quad"], "/m/full-training.log", null, Kind: TrainingRunKind.FullRecipe);
        var hint = RenderHint();

        hint.Find("[data-testid=stop-full-training]").Click();

        Assert.Equal(1, trainer.Stops);
        hint.WaitForAssertion(() => Assert.Contains("was stopped", hint.Find("[data-testid=full-training-stopped]").TextContent));
        Assert.Equal("Continue the full training", hint.Find("[data-testid=train-fully]").TextContent.Trim());
    }

    [Fact]
    public void A_visitor_sees_a_full_training_run_but_cannot_stop_it()
    {
        this.AsOwner().AsVisitor();
        trainer.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["simple-cnn"], "/m/full-training.log", null, Kind: TrainingRunKind.FullRecipe);

        var hint = RenderHint();

        Assert.Contains("Training with the full recipe in the background: Simple CNN", hint.Find("[data-testid=full-training-running]").TextContent);
        Assert.Empty(hint.FindAll("[data-testid=stop-full-training]"));
    }

    [Fact]
    public void A_visitor_is_told_to_sign_in_and_gets_no_button()
    {
        this.AsOwner().AsVisitor();
        var hint = RenderHint();

        Assert.Empty(hint.FindAll("[data-testid=train-fully]"));
        Assert.Contains("Sign in as owner to train them with the full recipe from here", hint.Find("[data-testid=train-fully-owner-hint]").TextContent);
        Assert.Contains("-- train", hint.Find("[data-testid=partial-training-hint]").TextContent);
    }

    [Fact]
    public void While_the_first_runs_training_goes_on_the_full_recipe_waits_for_it()
    {
        this.AsOwner();
        trainer.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["cnn-proj", "cnn-quad"], "/m/auto-training.log", null);

        var hint = RenderHint();

        var status = hint.Find("[data-testid=full-training-running]").TextContent;
        Assert.Contains("The first run's training is still going on: CNN + projections and CNN + quadrants + projections", status);
        Assert.Contains("can start when it has ended", status);
        Assert.Empty(hint.FindAll("[data-testid=train-fully]"));
    }

    [Fact]
    public void A_refused_start_says_why_and_the_button_stays()
    {
        this.AsOwner();
        trainer.Refusal = new InvalidOperationException("The Training CLI is not built on this server.");
        var hint = RenderHint();

        hint.Find("[data-testid=train-fully]").Click();

        Assert.Equal("Not started: The Training CLI is not built on this server.", hint.Find("[data-testid=train-fully-message]").TextContent.Trim());
        Assert.False(hint.Find("[data-testid=train-fully]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_failed_full_training_is_reported_with_the_logs_name_only()
    {
        this.AsOwner();
        trainer.Current = new AutoTrainingStatus(AutoTrainingState.Failed, ["simple-cnn"], "/srv/models/full-training.log", "The Training CLI exited with code 3.", Kind: TrainingRunKind.FullRecipe);

        var hint = RenderHint();

        var failure = hint.Find("[data-testid=full-training-failed]").TextContent;
        Assert.Contains("The full training failed: The Training CLI exited with code 3. Log: full-training.log in the models folder", failure);
        Assert.DoesNotContain("/srv", failure);
        Assert.NotNull(hint.Find("[data-testid=train-fully]"));
    }

    protected override void Dispose(bool disposing)
    {
        fixtures.Dispose();
        base.Dispose(disposing);
    }

    private sealed class FakeTrainer : IAutoTrainingStatus, IFullTraining
    {
        public AutoTrainingStatus Current { get; set; } = AutoTrainingStatus.Idle;

        public List<IReadOnlyList<string>> Started { get; } = [];

        public Exception? Refusal { get; set; }

        public int Stops { get; private set; }

        public event Action? Changed;

        public void Start(IReadOnlyList<string> modelIds)
        {
            if (Refusal is not null)
            {
                throw Refusal;
            }

            Started.Add(modelIds);
            Current = new AutoTrainingStatus(AutoTrainingState.Running, modelIds, "/m/full-training.log", null, Kind: TrainingRunKind.FullRecipe);
            Changed?.Invoke();
        }

        public void Stop()
        {
            Stops++;
            Current = Current with { State = AutoTrainingState.Stopped };
            Changed?.Invoke();
        }
    }
}
