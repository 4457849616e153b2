using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Verdicts;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.Verdicts;

public sealed class VerdictCardTests : BunitContext
{
    public VerdictCardTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void An_answer_shows_the_digit_the_confidence_the_ten_probabilities_and_the_time()
    {
        var status = new ModelStatus("simple-cnn", "Simple CNN", ModelAvailability.Ready, null);
        var verdict = new ModelVerdict(status, FakeDigitClassifier.Probabilities(4, 0.875f), TimeSpan.FromMilliseconds(2.25));

        var card = Render<VerdictCard>(p => p.Add(c => c.Verdict, verdict));

        var root = card.Find("[data-testid=model-card-simple-cnn]");
        Assert.Equal("answered", root.GetAttribute("data-state"));
        Assert.Equal("4", card.Find("[data-testid=predicted-digit]").TextContent);
        Assert.Equal("87.5 %", card.Find("[data-testid=confidence]").TextContent.Replace("\u00a0", " "));
        var bars = card.FindAll("[data-testid=probabilities] tr");
        Assert.Equal(10, bars.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString()), bars.Select(b => b.GetAttribute("data-label")));
        Assert.Equal("0.875", bars[4].GetAttribute("data-value"));
        Assert.Contains("2.25 ms", card.Find("[data-testid=inference-time]").TextContent);
        Assert.Contains("study: 0.9897", card.Markup);
    }

    [Fact]
    public void A_model_fine_tuned_on_the_saved_digits_says_so_with_a_link_to_its_versions()
    {
        var fixtures = new Insights.RecordFixtures();
        var records = new Insights.FakeModelRecords();
        Services.AddSingleton<Client.Insights.IModelRecords>(records);
        var status = new ModelStatus("simple-cnn", "Simple CNN", ModelAvailability.Ready, null);
        var verdict = new ModelVerdict(status, FakeDigitClassifier.Probabilities(4, 0.875f), TimeSpan.FromMilliseconds(2.25));
        var card = Render<VerdictCard>(p => p.Add(c => c.Verdict, verdict));
        Assert.Empty(card.FindAll("[data-testid=fine-tuned-simple-cnn]"));

        var trained = fixtures.Card("simple-cnn", 3_538_122, 100);
        records.Update("simple-cnn", m => m with { Card = fixtures.FineTuned(fixtures.FineTuned(trained, seconds: 10), seconds: 12) });
        records.RaiseChanged();

        card.WaitForAssertion(() => Assert.Equal("Fine-tuned on your saved digits (2 times)", card.Find("[data-testid=fine-tuned-simple-cnn]").TextContent.Trim()));
        Assert.Equal("my-digits", card.Find("[data-testid=fine-tuned-simple-cnn] a").GetAttribute("href"));
    }

    [Fact]
    public void The_measured_test_accuracy_is_shown_when_known()
    {
        var status = new ModelStatus("cnn-proj", "CNN + projections", ModelAvailability.Ready, null) { TestAccuracy = 0.9913 };
        var verdict = new ModelVerdict(status, FakeDigitClassifier.Probabilities(2, 0.6f), TimeSpan.FromMilliseconds(3));

        var card = Render<VerdictCard>(p => p.Add(c => c.Verdict, verdict));

        Assert.Equal("Test accuracy 99.13 %", card.Find("[data-testid=test-accuracy]").TextContent.Replace("\u00a0", " "));
        Assert.Contains("study: 0.9889 (Kaggle)", card.Markup);
    }

    [Fact]
    public void An_unavailable_model_shows_why_and_no_prediction()
    {
        var status = new ModelStatus("cnn-quad", "CNN + quadrants + projections", ModelAvailability.Unavailable,
            "/models/cnn-quad/model.onnx cannot be loaded by ONNX Runtime: protobuf parsing failed");

        var card = Render<VerdictCard>(p => p.Add(c => c.Verdict, ModelVerdict.WithoutAnswer(status)));

        Assert.Equal("unavailable", card.Find("[data-testid=model-card-cnn-quad]").GetAttribute("data-state"));
        Assert.Contains("protobuf parsing failed", card.Find("[data-testid=model-reason]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=predicted-digit]"));
        Assert.Empty(card.FindAll("[data-testid=probabilities]"));
    }

    [Fact]
    public void A_model_not_trained_yet_says_so()
    {
        var status = new ModelStatus("nn", "NN", ModelAvailability.NotTrained, "No model.onnx in /models/nn.");

        var card = Render<VerdictCard>(p => p.Add(c => c.Verdict, ModelVerdict.WithoutAnswer(status)));

        Assert.Equal("not-trained", card.Find("[data-testid=model-card-nn]").GetAttribute("data-state"));
        Assert.Contains("Not trained yet", card.Find("[data-testid=model-status]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=predicted-digit]"));
    }

    [Fact]
    public void A_ready_model_without_a_drawing_waits_and_predicts_nothing()
    {
        var status = new ModelStatus("nn", "NN", ModelAvailability.Ready, null);

        var card = Render<VerdictCard>(p => p.Add(c => c.Verdict, ModelVerdict.WithoutAnswer(status)));

        Assert.Equal("waiting", card.Find("[data-testid=model-card-nn]").GetAttribute("data-state"));
        Assert.Empty(card.FindAll("[data-testid=predicted-digit]"));
    }

    [Fact]
    public void A_profiled_models_card_says_how_far_the_image_is_from_the_digits_it_learned()
    {
        var status = new ModelStatus("cnn-proj", "CNN + projections", ModelAvailability.Ready, null);
        var answer = new ModelVerdict(status, FakeDigitClassifier.Probabilities(4, 0.99f), TimeSpan.FromMilliseconds(2));

        var unlike = Render<VerdictCard>(p => p.Add(c => c.Verdict, answer with { Familiarity = new Familiarity(41.26f, 33.7f) }));
        var like = Render<VerdictCard>(p => p.Add(c => c.Verdict, answer with { Familiarity = new Familiarity(20.04f, 33.7f) }));
        var unprofiled = Render<VerdictCard>(p => p.Add(c => c.Verdict, answer));

        Assert.Equal("true", unlike.Find("[data-testid=familiarity]").GetAttribute("data-unfamiliar"));
        Assert.Equal(
            "Unlike the digits it learned: distance 41.3 from the nearest, where 99.5 % of them lie within 33.7.",
            unlike.Find("[data-testid=familiarity]").TextContent);
        Assert.Equal("false", like.Find("[data-testid=familiarity]").GetAttribute("data-unfamiliar"));
        Assert.Equal("Like the digits it learned: distance 20.0, within their 33.7.", like.Find("[data-testid=familiarity]").TextContent);
        Assert.Empty(unprofiled.FindAll("[data-testid=familiarity]"));
    }
}
