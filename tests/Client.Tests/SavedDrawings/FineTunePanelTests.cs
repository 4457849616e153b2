using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.SavedDrawings;

public sealed class FineTunePanelTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeFineTuning trainer = new();

    public FineTunePanelTests()
    {
        Services.AddSingleton<IFineTuning>(trainer);
        Services.AddSingleton<IAutoTrainingStatus>(trainer);
    }

    private IRenderedComponent<FineTunePanel> RenderPanel(int drawings = 12) =>
        Render<FineTunePanel>(parameters => parameters.Add(p => p.OneDigitDrawings, drawings));

    [Fact]
    public void The_owner_starts_a_fine_tune_of_every_trained_model_and_follows_it_model_by_model()
    {
        this.AsOwner();
        var panel = RenderPanel();
        Assert.Equal("Fine-tune the 4 models on 12 saved digits", panel.Find("[data-testid=fine-tune-start]").TextContent.Trim());

        panel.Find("[data-testid=fine-tune-start]").Click();

        Assert.Equal(1, trainer.Starts);
        panel.WaitForAssertion(() => Assert.Equal("NN (multilayer perceptron)", panel.Find("[data-testid=fine-tune-model]").TextContent), Patience);
        Assert.Contains("measuring the version in use", panel.Find("[data-testid=fine-tune-running]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-start]"));

        trainer.Running = new FineTuneProgress("simple-cnn", 1, 4, FineTunePhase.Learning);
        panel.WaitForAssertion(() => Assert.Contains("Simple CNN (2 of 4): starting its pass", panel.Find("[data-testid=fine-tune-running]").TextContent), Patience);

        trainer.Running = new FineTuneProgress("cnn-proj", 2, 4, FineTunePhase.Learning, new RunProgress(1, 1, 3300, 13200, 140, 67, DateTimeOffset.UtcNow));
        panel.WaitForAssertion(() => Assert.Equal("CNN + projections", panel.Find("[data-testid=fine-tune-model]").TextContent), Patience);
        Assert.Equal("3 of 4", panel.Find("[data-testid=fine-tune-step]").TextContent);
        Assert.Contains("25 % of its pass, 140 images/s, 1 min 07 s left", panel.Find("[data-testid=fine-tune-running]").TextContent);
        Assert.Equal("56.3", panel.Find("[role=progressbar]").GetAttribute("aria-valuenow")); // (2 + 0.25) of 4

        trainer.Running = new FineTuneProgress("cnn-proj", 2, 4, FineTunePhase.Saving);
        panel.WaitForAssertion(() => Assert.Contains("CNN + projections (3 of 4): measuring the new version and saving it", panel.Find("[data-testid=fine-tune-running]").TextContent), Patience);
        Assert.Equal("75", panel.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
    }

    [Fact]
    public void The_owner_stops_a_fine_tune_and_may_start_another()
    {
        this.AsOwner();
        trainer.Start();
        var panel = RenderPanel();

        panel.Find("[data-testid=fine-tune-stop]").Click();

        Assert.Equal(1, trainer.Stops);
        panel.WaitForAssertion(() => Assert.Contains("was stopped", panel.Find("[data-testid=fine-tune-stopped]").TextContent), Patience);
        Assert.False(panel.Find("[data-testid=fine-tune-start]").HasAttribute("disabled"));
    }

    [Fact]
    public void Each_model_s_latest_outcome_shows_its_before_and_after_and_whether_it_is_in_use()
    {
        this.AsOwner().AsVisitor();
        trainer.Outcomes.Add(new FineTuneOutcome("NN", Report("nn", heldOutBefore: 0.5, heldOutAfter: 0.75, activated: true), InUse: true));
        trainer.Outcomes.Add(new FineTuneOutcome("Simple CNN", Report("simple-cnn", 1, 0.75, activated: false, "it reads fewer held-out drawings right (100.0 % before, 75.0 % after)"), InUse: false));
        trainer.Outcomes.Add(new FineTuneOutcome("CNN + projections", Report("cnn-proj", 0.75, 1, activated: true), InUse: false));
        var panel = RenderPanel();

        Assert.Equal("2 → 3 of 4", panel.Find("[data-testid=fine-tune-outcome-nn] td").TextContent);
        Assert.Equal("99.10 % → 99.05 %", panel.FindAll("[data-testid=fine-tune-outcome-nn] td")[2].TextContent);
        Assert.Equal("In use", panel.Find("[data-testid=fine-tune-verdict-nn]").TextContent);
        Assert.Equal("Kept aside: it reads fewer held-out drawings right (100.0 % before, 75.0 % after)", panel.Find("[data-testid=fine-tune-verdict-simple-cnn]").TextContent);
        Assert.Equal("Was put in use; another version has been chosen since", panel.Find("[data-testid=fine-tune-verdict-cnn-proj]").TextContent);
    }

    [Fact]
    public void Each_outcome_names_the_held_back_digits_the_fine_tune_changed_each_opening_on_the_drawing_page()
    {
        this.AsOwner().AsVisitor();
        trainer.Outcomes.Add(new FineTuneOutcome("NN", Report("nn", 0.5, 0.75, activated: true) with
        {
            MisreadBefore = [new(2, 6, 5), new(3, 0, 8)],
            MisreadAfter = [new(3, 0, 8)],
        }, InUse: true));
        trainer.Outcomes.Add(new FineTuneOutcome("Simple CNN", Report("simple-cnn", 1, 0.75, activated: false) with
        {
            MisreadBefore = [],
            MisreadAfter = [new(4, 1, 7)],
        }, InUse: false));
        trainer.Outcomes.Add(new FineTuneOutcome("CNN + projections", Report("cnn-proj", 0.75, 0.75, activated: true) with
        {
            MisreadBefore = [new(1, 9, 3)],
            MisreadAfter = [new(1, 9, 3)],
        }, InUse: true));
        trainer.Outcomes.Add(new FineTuneOutcome("CNN + quadrants + projections", Report("cnn-quad", 1, 1, activated: true), InUse: true)); // an older report

        var panel = RenderPanel();

        Assert.Equal("Now read right: #2 (a 6, read 5 before)", TextContent.Normalized(panel.Find("[data-testid=fine-tune-fixed-nn]").TextContent));
        Assert.Equal("/?drawing=2", panel.Find("[data-testid=fine-tune-fixed-nn] a").GetAttribute("href"));
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-broken-nn]"));
        Assert.Equal("Now misread: #4 (a 1, read 7)", TextContent.Normalized(panel.Find("[data-testid=fine-tune-broken-simple-cnn]").TextContent));
        Assert.Equal("none (1 still misread)", panel.Find("[data-testid=fine-tune-unchanged-cnn-proj]").TextContent);
        Assert.Equal("not recorded", panel.Find("[data-testid=fine-tune-outcome-cnn-quad] .fine-tune__changes").TextContent.Trim());
    }

    [Fact]
    public void Where_the_drawings_are_private_an_outcome_counts_the_changed_digits_without_links_or_labels()
    {
        this.AsOwner().AsVisitor();
        var report = Report("nn", 0.5, 0.75, activated: true) with
        {
            HeldOutDrawingIds = [7, 8, 9, 10],
            MisreadBefore = [new(7, 6, 5), new(8, 0, 8)],
            MisreadAfter = [new(9, 1, 7)],
        };
        trainer.Outcomes.Add(new FineTuneOutcome("NN", report.WithoutDrawings(), InUse: true) { DrawingsHidden = true });

        var panel = RenderPanel();

        Assert.Equal("2 now read right, 1 now misread (the drawings are private)", TextContent.Normalized(panel.Find("[data-testid=fine-tune-changed-count-nn]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-changed-drawing]"));
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-fixed-nn]"));
    }

    [Fact]
    public void Other_people_s_pen_digits_before_and_after_show_when_measured()
    {
        this.AsOwner().AsVisitor();
        trainer.Outcomes.Add(new FineTuneOutcome("NN", Report("nn", 0.5, 0.75, activated: true), InUse: true));
        var withoutPen = RenderPanel();
        Assert.Empty(withoutPen.FindAll("[data-testid^=fine-tune-pen-]"));
        Assert.DoesNotContain("pen digits", withoutPen.Find("[data-testid=fine-tune-outcomes]").TextContent);

        trainer.Outcomes.Add(new FineTuneOutcome("Simple CNN", Report("simple-cnn", 0.5, 1, activated: true) with { PenDigitsBefore = 0.983, PenDigitsAfter = 0.9745 }, InUse: true));
        var panel = RenderPanel();

        Assert.Equal("98.30 % → 97.45 %", panel.Find("[data-testid=fine-tune-pen-simple-cnn]").TextContent);
        Assert.Equal("—", panel.Find("[data-testid=fine-tune-pen-nn]").TextContent); // a report from before it was measured
        Assert.Contains("Other people's pen digits (never learned from)", panel.Find("#fine-tune-outcomes-title").TextContent);
    }

    [Fact]
    public void Saved_digits_unlike_any_learned_digit_are_named_before_the_owner_starts()
    {
        this.AsOwner();
        var panel = Render<FineTunePanel>(parameters => parameters.Add(p => p.OneDigitDrawings, 12).Add(p => p.UnfamiliarDrawings, 3));

        Assert.Equal(
            "3 saved digits look unlike any digit the models learned (marked in the gallery): fine-tuning learns each as labelled, so check them first.",
            System.Text.RegularExpressions.Regex.Replace(panel.Find("[data-testid=fine-tune-unfamiliar]").TextContent.Trim(), @"\s+", " "));
        Assert.False(panel.Find("[data-testid=fine-tune-start]").HasAttribute("disabled"), "a warning, not a refusal: the owner decides");

        panel.Render(parameters => parameters.Add(p => p.UnfamiliarDrawings, 1));
        Assert.StartsWith("1 saved digit looks unlike", panel.Find("[data-testid=fine-tune-unfamiliar]").TextContent.Trim());

        panel.Render(parameters => parameters.Add(p => p.UnfamiliarDrawings, 0));
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-unfamiliar]"));
    }

    [Fact]
    public void With_fewer_than_two_one_digit_drawings_the_start_is_off_and_says_what_is_missing()
    {
        this.AsOwner();
        var panel = RenderPanel(drawings: 1);

        Assert.True(panel.Find("[data-testid=fine-tune-start]").HasAttribute("disabled"));
        Assert.Contains("Save at least 2 one-digit drawings first (there is 1)", panel.Find("[data-testid=fine-tune-too-few]").TextContent);
    }

    [Fact]
    public void A_refused_start_and_a_failed_run_say_why()
    {
        this.AsOwner();
        trainer.Refusal = new InvalidOperationException("Another training is running (cnn-quad); start this one when it has ended.");
        var panel = RenderPanel();

        panel.Find("[data-testid=fine-tune-start]").Click();

        Assert.Equal("Not started: Another training is running (cnn-quad); start this one when it has ended.", panel.Find("[data-testid=fine-tune-message]").TextContent);

        trainer.Refusal = null;
        trainer.Start();
        trainer.Finish(AutoTrainingState.Failed, "The Training CLI exited with code 2: Fine-tuning needs at least 2 saved drawings (one to learn from, one held out); there are 1.");
        panel.WaitForAssertion(() => Assert.Equal(
            "The fine-tune failed: The Training CLI exited with code 2: Fine-tuning needs at least 2 saved drawings (one to learn from, one held out); there are 1. Log: finetune.log in the models folder.",
            panel.Find("[data-testid=fine-tune-failed]").TextContent.Trim()), Patience);
    }

    [Fact]
    public void A_visitor_sees_the_progress_and_outcomes_but_no_control_and_where_to_sign_in()
    {
        this.AsOwner().AsVisitor();
        trainer.Start();
        var panel = RenderPanel();

        Assert.NotNull(panel.Find("[data-testid=fine-tune-running]"));
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-stop]"));

        trainer.Finish(AutoTrainingState.Completed);
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=fine-tune-owner-hint]")), Patience);
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-start]"));
    }

    [Fact]
    public void Another_training_running_keeps_the_start_away_and_names_it()
    {
        this.AsOwner();
        trainer.Current = new AutoTrainingStatus(AutoTrainingState.Running, ["simple-cnn"], "/m/full-training.log", null, Kind: TrainingRunKind.FullRecipe);
        var panel = RenderPanel();

        Assert.Equal("Another training runs (Simple CNN); fine-tuning can start when it has ended.", panel.Find("[data-testid=fine-tune-busy]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=fine-tune-start]"));
    }

    [Fact]
    public void Without_a_trained_model_or_an_outcome_the_panel_is_not_shown()
    {
        trainer.Trained.Clear();
        var panel = RenderPanel();

        Assert.Empty(panel.FindAll("[data-testid=fine-tune]"));
    }

    private static FineTuneReport Report(string modelId, double heldOutBefore, double heldOutAfter, bool activated, string? why = null) => new()
    {
        ModelId = modelId, Version = "finetune-20261206-180000", StartedFrom = ModelVersions.OriginalName, HeldOutDrawingIds = [1, 2, 3, 4],
        HeldOutBefore = heldOutBefore, HeldOutAfter = heldOutAfter, MnistTestBefore = 0.991, MnistTestAfter = 0.9905,
        Activated = activated, NotActivatedBecause = why,
    };
}
