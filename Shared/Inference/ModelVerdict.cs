using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Inference;

/// <summary>What one model (or the ensemble) said about one image.</summary>
/// <param name="Status">The model and whether it could answer.</param>
/// <param name="Probabilities">Ten probabilities (digits 0..9), or null when the model could not answer.</param>
/// <param name="InferenceTime">Time the model took (for the ensemble: the sum of its members).</param>
public sealed record ModelVerdict(ModelStatus Status, IReadOnlyList<float>? Probabilities, TimeSpan InferenceTime)
{
    public string ModelId => Status.ModelId;

    public bool IsEnsemble => ModelId == ModelCatalog.EnsembleId;

    public bool HasAnswer => Probabilities is { Count: > 0 };

    /// <summary>The digit with the highest probability (the first on ties), or null without an answer.</summary>
    public int? PredictedDigit
    {
        get
        {
            if (!HasAnswer)
            {
                return null;
            }

            var best = 0;
            for (var digit = 1; digit < Probabilities!.Count; digit++)
            {
                if (Probabilities[digit] > Probabilities[best])
                {
                    best = digit;
                }
            }

            return best;
        }
    }

    /// <summary>The probability of the predicted digit (0 without an answer).</summary>
    public float Confidence => PredictedDigit is { } digit ? Probabilities![digit] : 0f;

    /// <summary>How far the image lies from the digits this model learned, when its file has a familiarity profile.</summary>
    public Familiarity? Familiarity { get; init; }

    public static ModelVerdict WithoutAnswer(ModelStatus status) => new(status, null, TimeSpan.Zero);
}
