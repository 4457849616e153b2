using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Client.Verdicts;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Client.Tests.Verdicts;

public sealed class PadAnswerTests : BunitContext
{
    private static DigitOfNumber Digit(DigitClassification classification) => new(new float[784], classification);

    [Fact]
    public void Nothing_is_said_while_there_is_nothing_to_read_or_no_model_answered()
    {
        var blank = Render<PadAnswer>();
        var unanswered = Render<PadAnswer>(p => p.Add(a => a.Classification,
            new DigitClassification(FakeDigitClassifier.NoneTrained().Select(ModelVerdict.WithoutAnswer).ToArray())));

        Assert.Empty(blank.FindAll("[data-testid=pad-answer]"));
        Assert.Empty(unanswered.FindAll("[data-testid=pad-answer]"));
    }

    [Fact]
    public void What_was_drawn_but_not_read_is_said_why_until_there_is_an_answer()
    {
        var notRead = Render<PadAnswer>(p => p.Add(a => a.NotRead, "nothing drawn: only a dot"));
        var answered = Render<PadAnswer>(p => p
            .Add(a => a.NotRead, "nothing drawn: only a dot")
            .Add(a => a.Classification, FakeDigitClassifier.AllSay(5, 0.97f)));

        Assert.Equal("Nothing drawn: only a dot", notRead.Find("[data-testid=pad-not-read]").TextContent);
        Assert.Empty(notRead.FindAll("[data-testid=pad-answer]"));
        Assert.Empty(answered.FindAll("[data-testid=pad-not-read]"));
        Assert.Equal("5", answered.Find("[data-testid=pad-answer-value]").TextContent);
    }

    [Fact]
    public void A_digit_all_models_agree_on_is_given_with_the_ensembles_confidence_and_a_link_to_every_verdict()
    {
        var answer = Render<PadAnswer>(p => p.Add(a => a.Classification, FakeDigitClassifier.AllSay(5, 0.97f)));

        Assert.Equal("5", answer.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Equal("the ensemble, 97 % sure; all 4 models agree", answer.Find("[data-testid=pad-answer-detail]").TextContent);
        Assert.Equal($"http://localhost/#{VerdictBoard.TitleId}", answer.Find("[data-testid=pad-answer-link]").GetAttribute("href"));
        Assert.Contains("Every model's verdict", answer.Find("[data-testid=pad-answer-link]").TextContent);
    }

    [Fact]
    public void When_the_models_disagree_the_ensembles_digit_is_given_and_the_disagreement_said()
    {
        var answer = Render<PadAnswer>(p => p.Add(a => a.Classification, FakeDigitClassifier.Answers(1, 7, 7, 2, 7)));

        Assert.Equal("7", answer.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Equal("the ensemble, 90 % sure; the models disagree", answer.Find("[data-testid=pad-answer-detail]").TextContent);
    }

    [Fact]
    public void A_close_call_names_the_next_digit_with_its_probability()
    {
        var verdicts = FakeDigitClassifier.AllSay(9, 0.97f).Verdicts
            .Select(v => v.IsEnsemble ? v with { Probabilities = [0, 0, 0, 0.36f, 0, 0, 0, 0, 0.02f, 0.62f] } : v)
            .ToArray();

        var answer = Render<PadAnswer>(p => p.Add(a => a.Classification, new DigitClassification(verdicts)));

        Assert.Equal("9", answer.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Equal("the ensemble, 62 % sure, else 3 (36 %); all 4 models agree", answer.Find("[data-testid=pad-answer-detail]").TextContent);
    }

    [Fact]
    public void Without_the_ensemble_the_surest_model_that_gave_the_digit_is_quoted()
    {
        var statuses = FakeDigitClassifier.AllReady();
        var classification = new DigitClassification(
        [
            new ModelVerdict(statuses[0], FakeDigitClassifier.Probabilities(3, 0.6f), TimeSpan.Zero),
            new ModelVerdict(statuses[1], FakeDigitClassifier.Probabilities(3, 0.8f), TimeSpan.Zero),
            ModelVerdict.WithoutAnswer(statuses[2]),
            ModelVerdict.WithoutAnswer(statuses[3]),
            ModelVerdict.WithoutAnswer(statuses[4]),
        ]);

        var answer = Render<PadAnswer>(p => p.Add(a => a.Classification, classification));

        Assert.Equal("3", answer.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Equal("the surest model, 80 % sure; both models agree", answer.Find("[data-testid=pad-answer-detail]").TextContent);
    }

    [Fact]
    public void A_number_is_given_whole_with_the_digits_the_models_disagree_on_and_a_link_to_its_digits()
    {
        var number = new NumberReading(
            [Digit(FakeDigitClassifier.Answers(4, 4, 4, 4, 4)), Digit(FakeDigitClassifier.Answers(2, 7, 2, 2, 2))],
            new NumberMarks(Negative: true, DecimalPointAfter: null));

        var answer = Render<PadAnswer>(p => p
            .Add(a => a.Classification, number.Digits[0].Classification)
            .Add(a => a.Number, number));

        Assert.Equal("-42", answer.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Equal("2 digits, each read on its own; the models disagree on 1 of them", answer.Find("[data-testid=pad-answer-detail]").TextContent);
        Assert.EndsWith($"#{NumberReadingPanel.TitleId}", answer.Find("[data-testid=pad-answer-link]").GetAttribute("href"));
        Assert.Contains("Each digit", answer.Find("[data-testid=pad-answer-link]").TextContent);
    }

    /// <summary>The link keeps the page's address, so following it does not leave a sample shown (a relative "#..." would resolve against the base, "/").</summary>
    [Fact]
    public void The_link_keeps_the_address_of_a_sample_shown_and_replaces_an_earlier_fragment()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?mnist=3#earlier");

        var answer = Render<PadAnswer>(p => p.Add(a => a.Classification, FakeDigitClassifier.AllSay(0, 0.99f)));

        Assert.Equal($"http://localhost/?mnist=3#{VerdictBoard.TitleId}", answer.Find("[data-testid=pad-answer-link]").GetAttribute("href"));
    }

    [Fact]
    public void A_drawing_most_models_find_unlike_any_learned_digit_is_read_with_a_warning()
    {
        var unlike = Render<PadAnswer>(p => p.Add(a => a.Classification, FakeDigitClassifier.WithDistances(FakeDigitClassifier.AllSay(4, 0.99f), 20, 31, 9)));
        var like = Render<PadAnswer>(p => p.Add(a => a.Classification, FakeDigitClassifier.WithDistances(FakeDigitClassifier.AllSay(4, 0.99f), 20, 9, 9)));

        Assert.Equal("4", unlike.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Equal(
            "This looks unlike any digit the models learned: if it is not a digit, the answer means nothing.",
            unlike.Find("[data-testid=pad-unfamiliar]").TextContent);
        Assert.Empty(like.FindAll("[data-testid=pad-unfamiliar]"));
        Assert.Empty(unlike.FindAll("[data-testid=pad-unfamiliar-link]")); // until the page shows what sets it apart
    }

    [Fact]
    public void The_warning_links_down_to_what_sets_the_drawing_apart_once_the_page_shows_it()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/?drawing=12");
        var unlike = Render<PadAnswer>(p => p
            .Add(a => a.Classification, FakeDigitClassifier.WithDistances(FakeDigitClassifier.AllSay(4, 0.99f), 20, 31, 9))
            .Add(a => a.InkSettingApartShown, true));

        var link = unlike.Find("[data-testid=pad-unfamiliar] [data-testid=pad-unfamiliar-link]");
        Assert.Equal($"http://localhost/?drawing=12#{MnistBlazor.Client.Evidence.UnfamiliarInk.TitleId}", link.GetAttribute("href"));
        Assert.Equal("What sets it apart ↓", link.TextContent.Trim());
        Assert.Equal(
            "This looks unlike any digit the models learned: if it is not a digit, the answer means nothing. What sets it apart ↓",
            unlike.Find("[data-testid=pad-unfamiliar]").TextContent.Trim());
    }

    [Fact]
    public void A_number_says_how_many_of_its_digits_look_unlike_any_learned_digit()
    {
        var marks = new NumberMarks(Negative: false, DecimalPointAfter: null);
        NumberReading Number(params float[][] distances) => new(
            [.. distances.Select(d => Digit(FakeDigitClassifier.WithDistances(FakeDigitClassifier.AllSay(4, 0.99f), d)))], marks);

        var one = Render<PadAnswer>(p => p.Add(a => a.Number, Number([20, 20, 20], [1, 1, 1], [1, 1, 1])).Add(a => a.Classification, FakeDigitClassifier.AllSay(4, 0.99f)));
        var all = Render<PadAnswer>(p => p.Add(a => a.Number, Number([20, 20, 20], [20, 20, 1])).Add(a => a.Classification, FakeDigitClassifier.AllSay(4, 0.99f)));
        var none = Render<PadAnswer>(p => p.Add(a => a.Number, Number([1, 1, 1], [1, 1, 1])).Add(a => a.Classification, FakeDigitClassifier.AllSay(4, 0.99f)));
        var afterAMinusSign = Render<PadAnswer>(p => p.Add(a => a.Number, Number([20, 20, 20])).Add(a => a.Classification, FakeDigitClassifier.AllSay(4, 0.99f)));
        var two = Render<PadAnswer>(p => p.Add(a => a.Number, Number([20, 20, 20], [20, 20, 1], [1, 1, 1])).Add(a => a.Classification, FakeDigitClassifier.AllSay(4, 0.99f)));

        Assert.Equal(
            "1 of these 3 looks unlike any digit the models learned: if it is not a digit, its answer means nothing.",
            one.Find("[data-testid=pad-unfamiliar]").TextContent);
        Assert.StartsWith("Each of these looks unlike any digit", all.Find("[data-testid=pad-unfamiliar]").TextContent, StringComparison.Ordinal);
        Assert.Empty(none.FindAll("[data-testid=pad-unfamiliar]"));
        Assert.StartsWith("This looks unlike any digit", afterAMinusSign.Find("[data-testid=pad-unfamiliar]").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            "2 of these 3 look unlike any digit the models learned: if they are not digits, their answers mean nothing.",
            two.Find("[data-testid=pad-unfamiliar]").TextContent);
    }
}
