using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Inference;

public sealed class DigitClassificationTests
{
    private static readonly ModelStatus Nn = new("nn", "NN", ModelAvailability.Ready, null);
    private static readonly ModelStatus SimpleCnn = new("simple-cnn", "Simple CNN", ModelAvailability.Ready, null);
    private static readonly ModelStatus CnnProj = new("cnn-proj", "CNN + projections", ModelAvailability.Ready, null);
    private static readonly ModelStatus Ensemble = new(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.Ready, null);

    private static ModelVerdict Says(ModelStatus model, int digit, float confidence)
    {
        var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
        probabilities[digit] = confidence;
        return new ModelVerdict(model, probabilities, TimeSpan.Zero);
    }

    [Fact]
    public void The_answering_models_are_those_with_an_answer_without_the_ensemble()
    {
        var classification = new DigitClassification(
            [Says(Nn, 3, 0.6f), ModelVerdict.WithoutAnswer(SimpleCnn), Says(CnnProj, 9, 0.8f), Says(Ensemble, 9, 0.7f)]);

        Assert.Equal(["nn", "cnn-proj"], classification.AnsweringModels.Select(v => v.ModelId));
        Assert.True(classification.ModelsDisagree);
        Assert.Equal(9, classification.ConsensusDigit);
        Assert.Equal(0.7f, classification.ConsensusConfidence);
    }

    [Fact]
    public void Without_the_ensemble_the_most_common_answer_is_the_consensus_with_its_surest_models_confidence()
    {
        var classification = new DigitClassification([Says(Nn, 4, 0.6f), Says(SimpleCnn, 4, 0.9f), Says(CnnProj, 1, 0.95f)]);

        Assert.Equal(3, classification.AnsweringModels.Count);
        Assert.Equal(4, classification.ConsensusDigit);
        Assert.Equal(0.9f, classification.ConsensusConfidence);
        Assert.True(classification.Disagrees(classification.Verdicts[2]));
        Assert.False(classification.Disagrees(classification.Verdicts[0]));
    }

    [Fact]
    public void No_answer_at_all_leaves_no_answering_model_and_no_consensus()
    {
        var classification = new DigitClassification([ModelVerdict.WithoutAnswer(Nn), ModelVerdict.WithoutAnswer(Ensemble)]);

        Assert.Empty(classification.AnsweringModels);
        Assert.Null(classification.ConsensusDigit);
        Assert.Null(classification.ConsensusConfidence);
        Assert.False(classification.ModelsDisagree);
    }
}
