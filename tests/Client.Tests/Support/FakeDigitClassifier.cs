using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>A classifier whose models and answers the test decides.</summary>
public sealed class FakeDigitClassifier : IDigitClassifier
{
    public IReadOnlyList<ModelStatus> Models { get; set; } = AllReady();

    public string ModelsDirectory { get; set; } = "/srv/models";

    public Func<float[], DigitClassification> Answer { get; set; } = _ => Answers(3, 3, 3, 3, 3);

    public List<float[]> Received { get; } = [];

    public event Action? ModelsChanged;

    public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        var copy = pixels.ToArray();
        Received.Add(copy);
        return Task.FromResult(Answer(copy));
    }

    public void RaiseModelsChanged() => ModelsChanged?.Invoke();

    public static IReadOnlyList<ModelStatus> AllReady() =>
        [.. ModelCatalog.All.Select(m => new ModelStatus(m.Id, m.DisplayName, ModelAvailability.Ready, null)),
         new ModelStatus(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.Ready, null)];

    public static IReadOnlyList<ModelStatus> NoneTrained() =>
        [.. ModelCatalog.All.Select(m => new ModelStatus(m.Id, m.DisplayName, ModelAvailability.NotTrained, "No model.onnx")),
         new ModelStatus(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.NotTrained, "Needs at least one trained CNN.")];

    /// <summary>Verdicts for nn, simple-cnn, cnn-proj, cnn-quad, ensemble, each confident (0.9) in the given digit.</summary>
    public static DigitClassification Answers(params int[] digits)
    {
        var statuses = AllReady();
        return new DigitClassification(statuses.Select((status, i) =>
            new ModelVerdict(status, Probabilities(digits[i], 0.9f), TimeSpan.FromMilliseconds(1.5))).ToArray());
    }

    /// <summary>Every model and the ensemble say <paramref name="digit"/>, each with <paramref name="confidence"/>.</summary>
    public static DigitClassification AllSay(int digit, float confidence) =>
        new(AllReady().Select(status => new ModelVerdict(status, Probabilities(digit, confidence), TimeSpan.FromMilliseconds(1.5))).ToArray());

    public static float[] Probabilities(int digit, float confidence)
    {
        var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
        probabilities[digit] = confidence;
        return probabilities;
    }

    /// <summary>The threshold of every familiarity <see cref="WithDistances"/> gives.</summary>
    public const float FamiliarityThreshold = 15;

    /// <summary>
    /// <paramref name="classification"/> with the CNNs' distances from the learned digits (simple-cnn, cnn-proj,
    /// cnn-quad in that order) against <see cref="FamiliarityThreshold"/>; the NN and the ensemble have none, as served.
    /// </summary>
    public static DigitClassification WithDistances(DigitClassification classification, params float[] distances)
    {
        string[] profiled = ["simple-cnn", "cnn-proj", "cnn-quad"];
        return new(classification.Verdicts.Select(v => Array.IndexOf(profiled, v.ModelId) is var i and >= 0
            ? v with { Familiarity = new Familiarity(distances[i], FamiliarityThreshold) }
            : v).ToArray());
    }
}
