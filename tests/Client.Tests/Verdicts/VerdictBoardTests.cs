using Bunit;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Verdicts;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.Verdicts;

public sealed class VerdictBoardTests : BunitContext
{
    private static readonly string[] CardIds = ["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"];

    public VerdictBoardTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void Without_a_drawing_every_card_is_shown_with_an_invitation_and_no_prediction()
    {
        var board = Render<VerdictBoard>(p => p.Add(b => b.Models, FakeDigitClassifier.AllReady()));

        Assert.Equal(CardIds, board.FindAll("article").Select(a => a.GetAttribute("data-testid")!["model-card-".Length..]));
        Assert.Contains("Draw a digit", board.Find("[data-testid=verdict-summary]").TextContent);
        Assert.Empty(board.FindAll("[data-testid=predicted-digit]"));
    }

    [Fact]
    public void Cards_whose_digit_differs_from_the_ensemble_are_marked()
    {
        var classification = FakeDigitClassifier.Answers(1, 7, 7, 2, 7);

        var board = Render<VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, classification));

        var disagreeing = board.FindAll("article[data-disagrees=true]").Select(a => a.GetAttribute("data-testid")!).ToArray();
        Assert.Equal(["model-card-nn", "model-card-cnn-quad"], disagreeing);
        Assert.Equal(2, board.FindAll("[data-testid=disagrees]").Count);
        Assert.Contains("disagree; the ensemble says 7", board.Find("[data-testid=verdict-summary]").TextContent);
        Assert.Equal(["1", "7", "7", "2", "7"], board.FindAll("[data-testid=predicted-digit]").Select(d => d.TextContent));
    }

    [Fact]
    public void When_all_models_agree_the_summary_says_so_and_nothing_is_marked()
    {
        var board = Render<VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, FakeDigitClassifier.Answers(5, 5, 5, 5, 5)));

        Assert.Empty(board.FindAll("article[data-disagrees=true]"));
        Assert.Contains("All 4 models say 5", board.Find("[data-testid=verdict-summary]").TextContent);
    }

    /// <summary>A screen reader announces the summary when it changes (after each stroke, or an opened image).</summary>
    [Fact]
    public void The_summary_is_a_live_status()
    {
        var board = Render<VerdictBoard>(p => p.Add(b => b.Models, FakeDigitClassifier.AllReady()));

        Assert.Equal("status", board.Find("[data-testid=verdict-summary]").GetAttribute("role"));
    }

    [Fact]
    public void The_summary_warns_when_most_models_find_the_image_unlike_any_digit_they_learned()
    {
        var board = Render<VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, FakeDigitClassifier.WithDistances(FakeDigitClassifier.Answers(4, 4, 4, 4, 4), 16, 16, 2)));

        Assert.Equal($"All 4 models say 4. {VerdictBoard.UnfamiliarSummary}", board.Find("[data-testid=verdict-summary]").TextContent);
        Assert.Equal(2, board.FindAll("[data-testid=familiarity][data-unfamiliar=true]").Count);
    }

    /// <summary>
    /// Two bars, every model reading 4, and the CNNs' evidence on them: hiding the right bar brings the image nearer to
    /// the learned digits, hiding the left one takes it farther. The NN has no evidence.
    /// </summary>
    private static (float[] Pixels, DigitEvidence Evidence) TwoBarsWithEvidence()
    {
        var pixels = new float[MnistGeometry.PixelCount];
        for (var y = 5; y < 23; y++)
        {
            (pixels[y * MnistGeometry.Side + 7], pixels[y * MnistGeometry.Side + 20]) = (1, 1);
        }

        var batch = OcclusionBatch.For(pixels, OcclusionGrid.Default);
        float Hidden(int image, int column) => Enumerable.Range(5, 18).Sum(y => 1 - batch.Images[image * MnistGeometry.PixelCount + y * MnistGeometry.Side + column]);
        Familiarity[] familiarities = [.. Enumerable.Range(0, batch.ImageCount).Select(image =>
            new Familiarity(FakeDigitClassifier.FamiliarityThreshold * (2 - 0.1f * Hidden(image, 20) + 0.02f * Hidden(image, 7)), FakeDigitClassifier.FamiliarityThreshold))];
        var answers = Enumerable.Range(0, batch.ImageCount).SelectMany(_ => FakeDigitClassifier.Probabilities(4, 0.9f)).ToArray();
        var cnn = batch.Evidence(answers, familiarities);
        var evidence = new DigitEvidence(
            [ModelEvidence.Without("nn", "not measured"), .. new[] { "simple-cnn", "cnn-proj", "cnn-quad" }.Select(id => new ModelEvidence(id, cnn, null, TimeSpan.Zero)),
                new ModelEvidence("ensemble", OcclusionEvidence.Average([cnn, cnn, cnn]), null, TimeSpan.Zero)],
            TimeSpan.Zero);
        return (pixels, evidence);
    }

    [Fact]
    public void Every_models_evidence_can_be_shown_for_a_digit_the_person_chooses_and_for_each_answer_again()
    {
        var (pixels, evidence) = TwoBarsWithEvidence();
        var board = Render<VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, FakeDigitClassifier.Answers(4, 4, 4, 4, 4))
            .Add(b => b.Evidence, evidence)
            .Add(b => b.Input, pixels));
        string[] LegendsFor() => [.. board.FindAll("[data-testid=legend-for]").Select(legend => legend.TextContent)];
        Assert.Equal(Enumerable.Repeat("blue: for 4", 4), LegendsFor());
        Assert.Equal("true", board.Find("[data-testid=evidence-for-answer]").GetAttribute("aria-pressed"));

        board.Find("[data-testid=evidence-for-9]").Click();

        Assert.Equal(Enumerable.Repeat("blue: for 9", 4), LegendsFor());
        Assert.Equal("true", board.Find("[data-testid=evidence-for-9]").GetAttribute("aria-pressed"));
        Assert.Equal("false", board.Find("[data-testid=evidence-for-answer]").GetAttribute("aria-pressed"));
        Assert.Equal(Enumerable.Repeat("4", 5), board.FindAll("[data-testid=predicted-digit]").Select(digit => digit.TextContent));

        board.Find("[data-testid=evidence-for-answer]").Click();

        Assert.Equal(Enumerable.Repeat("blue: for 4", 4), LegendsFor());
    }

    [Fact]
    public void Without_evidence_there_is_no_digit_to_choose_it_for()
    {
        var board = Render<VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, FakeDigitClassifier.Answers(4, 4, 4, 4, 4)));

        Assert.Empty(board.FindAll("[data-testid=evidence-for]"));
    }

    [Fact]
    public void For_a_drawing_unlike_any_learned_digit_the_board_shows_which_ink_sets_it_apart()
    {
        var (pixels, evidence) = TwoBarsWithEvidence();
        IRenderedComponent<VerdictBoard> Board(params float[] distances) => Render<VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, FakeDigitClassifier.WithDistances(FakeDigitClassifier.Answers(4, 4, 4, 4, 4), distances))
            .Add(b => b.Evidence, evidence)
            .Add(b => b.Input, pixels));

        var unlike = Board(30, 30, 2);

        var map = unlike.Find("[data-testid=unfamiliar-ink] [data-testid=likeness-map]");
        Assert.Equal(
            "The drawing with the ink that sets it apart from the learned digits in orange (18 pixels) and the ink like a learned digit in blue (18 pixels).",
            map.GetAttribute("alt"));
        Assert.Contains("orange: sets it apart", unlike.Find("[data-testid=likeness-legend]").TextContent);
        Assert.Empty(Board(30, 2, 2).FindAll("[data-testid=unfamiliar-ink]")); // one model of three is no majority
    }
}
