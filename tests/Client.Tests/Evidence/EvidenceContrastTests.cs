using AngleSharp.Dom;
using Bunit;
using MnistBlazor.Client.Evidence;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.Evidence;

public sealed class EvidenceContrastTests : BunitContext
{
    private static readonly int[] Digits = [9, 3, 3, 3, 3];

    public EvidenceContrastTests() => JSInterop.Mode = JSRuntimeMode.Loose; // the cards' probability charts

    private static float[] Bar()
    {
        var pixels = new float[784];
        for (var y = 6; y < 22; y++)
        {
            pixels[y * 28 + 10] = 1f;
        }

        return pixels;
    }

    [Fact]
    public void A_dissenting_model_is_set_against_the_ensemble_for_both_answers()
    {
        var pixels = Bar();
        var classification = FakeDigitClassifier.Answers(Digits);

        var contrast = Render<EvidenceContrast>(p => p
            .Add(c => c.Classification, classification)
            .Add(c => c.Evidence, FakeEvidenceExplainer.Explain(pixels, Digits))
            .Add(c => c.Pixels, pixels));

        Assert.Equal("Why 9 and not 3?", contrast.Find("h2").TextContent);
        Assert.Equal("nn", Selected(contrast.Find("[data-testid=contrast-first]")));
        Assert.Equal("ensemble", Selected(contrast.Find("[data-testid=contrast-second]")));
        // NN's ink pushed it towards 9 and so against 3; the ensemble's the other way round.
        Assert.NotEqual("0", contrast.Find("[data-testid=contrast-nn-9]").GetAttribute("data-for-pixels"));
        Assert.NotEqual("0", contrast.Find("[data-testid=contrast-nn-3]").GetAttribute("data-against-pixels"));
        Assert.NotEqual("0", contrast.Find("[data-testid=contrast-ensemble-3]").GetAttribute("data-for-pixels"));
        Assert.NotEqual("0", contrast.Find("[data-testid=contrast-ensemble-9]").GetAttribute("data-against-pixels"));
        Assert.Equal("blue: for the column's digit", Assert.Single(contrast.FindAll("[data-testid=legend-for]")).TextContent);
    }

    [Fact]
    public void Picking_another_model_shows_its_maps()
    {
        var pixels = Bar();
        var contrast = Render<EvidenceContrast>(p => p
            .Add(c => c.Classification, FakeDigitClassifier.Answers(Digits))
            .Add(c => c.Evidence, FakeEvidenceExplainer.Explain(pixels, Digits))
            .Add(c => c.Pixels, pixels));

        contrast.Find("[data-testid=contrast-second]").Change("cnn-quad");

        Assert.Equal(4, contrast.FindAll("img[data-testid^=contrast-nn-], img[data-testid^=contrast-cnn-quad-]").Count);
        Assert.Empty(contrast.FindAll("[data-testid^=contrast-ensemble-]"));
    }

    [Fact]
    public void The_board_shows_the_contrast_only_when_models_disagree_and_the_evidence_is_in()
    {
        var pixels = Bar();
        var board = Render<MnistBlazor.Client.Verdicts.VerdictBoard>(p => p
            .Add(b => b.Models, FakeDigitClassifier.AllReady())
            .Add(b => b.Classification, FakeDigitClassifier.Answers(3, 3, 3, 3, 3))
            .Add(b => b.Evidence, FakeEvidenceExplainer.Explain(pixels, [3, 3, 3, 3, 3]))
            .Add(b => b.Input, pixels));
        Assert.Empty(board.FindAll("[data-testid=evidence-contrast]"));
        Assert.Equal(5, board.FindAll("[data-testid=evidence] img").Count);

        board.Render(p => p
            .Add(b => b.Classification, FakeDigitClassifier.Answers(Digits))
            .Add(b => b.Evidence, (MnistBlazor.Shared.Evidence.DigitEvidence?)null));
        Assert.Empty(board.FindAll("[data-testid=evidence-contrast]"));
        Assert.Equal(5, board.FindAll("[data-testid=evidence-pending]").Count);

        board.Render(p => p.Add(b => b.Evidence, FakeEvidenceExplainer.Explain(pixels, Digits)));
        Assert.Single(board.FindAll("[data-testid=evidence-contrast]"));
        Assert.Empty(board.FindAll("[data-testid=evidence-pending]"));
    }

    private static string? Selected(IElement select) => select.GetAttribute("value");
}
