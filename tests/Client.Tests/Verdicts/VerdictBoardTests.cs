using Bunit;
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
}
