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

    private static ModelVerdict SaysBetween(ModelStatus model, int digit, float confidence, int next, float nextProbability)
    {
        var probabilities = Enumerable.Repeat((1 - confidence - nextProbability) / 8, 10).ToArray();
        probabilities[digit] = confidence;
        probabilities[next] = nextProbability;
        return new ModelVerdict(model, probabilities, TimeSpan.Zero);
    }

    [Fact]
    public void The_runner_up_is_the_ensembles_next_digit_when_it_holds_a_tenth_or_more()
    {
        var close = new DigitClassification([Says(Nn, 3, 0.8f), SaysBetween(SimpleCnn, 9, 0.7f, 3, 0.25f), SaysBetween(Ensemble, 9, 0.55f, 3, 0.4f)]);
        var clear = new DigitClassification([Says(Nn, 9, 0.8f), SaysBetween(Ensemble, 9, 0.85f, 4, 0.09f)]);

        Assert.Equal((3, 0.4f), close.RunnerUp);
        Assert.Null(clear.RunnerUp);
    }

    [Fact]
    public void Without_the_ensemble_the_runner_up_is_the_surest_models_that_gave_the_consensus()
    {
        var classification = new DigitClassification(
            [SaysBetween(Nn, 4, 0.6f, 9, 0.3f), SaysBetween(SimpleCnn, 4, 0.75f, 1, 0.2f), SaysBetween(CnnProj, 9, 0.95f, 4, 0.04f), ModelVerdict.WithoutAnswer(Ensemble)]);

        Assert.Equal(4, classification.ConsensusDigit);
        Assert.Equal((1, 0.2f), classification.RunnerUp);
        Assert.Null(new DigitClassification([ModelVerdict.WithoutAnswer(Nn)]).RunnerUp);
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

    [Fact]
    public void The_image_is_unfamiliar_when_most_models_with_a_familiarity_profile_find_it_so()
    {
        var cnnQuad = new ModelStatus("cnn-quad", "CNN + quadrants", ModelAvailability.Ready, null);
        ModelVerdict At(ModelStatus model, float distance) => Says(model, 4, 0.9f) with { Familiarity = new Familiarity(distance, 10) };

        // The plain NN has no profile: it neither counts for nor against.
        Assert.True(new DigitClassification([Says(Nn, 4, 0.9f), At(SimpleCnn, 12), At(CnnProj, 11), At(cnnQuad, 3)]).IsUnfamiliar);
        Assert.False(new DigitClassification([Says(Nn, 4, 0.9f), At(SimpleCnn, 12), At(CnnProj, 9), At(cnnQuad, 3)]).IsUnfamiliar);
        // A distance equal to the threshold is still within it; one model of one is a majority.
        Assert.False(new DigitClassification([At(SimpleCnn, 10)]).IsUnfamiliar);
        Assert.True(new DigitClassification([At(SimpleCnn, 10.5f)]).IsUnfamiliar);
        // Half is not most.
        Assert.False(new DigitClassification([At(SimpleCnn, 12), At(CnnProj, 9)]).IsUnfamiliar);
        // Without any profile nothing is called unfamiliar.
        Assert.False(new DigitClassification([Says(Nn, 4, 0.9f), Says(SimpleCnn, 4, 0.9f)]).IsUnfamiliar);
    }
}
