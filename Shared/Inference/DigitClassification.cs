using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Inference;

/// <summary>Every model's verdict on one image, in catalogue order, the ensemble last.</summary>
public sealed record DigitClassification(IReadOnlyList<ModelVerdict> Verdicts)
{
    public ModelVerdict? Ensemble => Verdicts.FirstOrDefault(v => v.IsEnsemble);

    /// <summary>The verdicts of the models that answered, the ensemble left out (it answers with them, not besides them).</summary>
    public IReadOnlyList<ModelVerdict> AnsweringModels => [.. Verdicts.Where(v => v.HasAnswer && !v.IsEnsemble)];

    /// <summary>
    /// The digit the others are compared with: the ensemble's when it answered, otherwise the most
    /// common answer (null when no model answered).
    /// </summary>
    public int? ConsensusDigit =>
        Ensemble?.PredictedDigit
        ?? Verdicts.Where(v => v.PredictedDigit is not null)
            .GroupBy(v => v.PredictedDigit!.Value)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Max(v => v.Confidence))
            .Select(g => (int?)g.Key)
            .FirstOrDefault();

    /// <summary>How sure <see cref="ConsensusDigit"/> is: the ensemble's probability, or the surest model's that gave it (null when no model answered).</summary>
    public float? ConsensusConfidence => QuotedVerdict?.Confidence;

    /// <summary>
    /// The next most likely digit after <see cref="ConsensusDigit"/> and its probability, by the verdict that
    /// <see cref="ConsensusConfidence"/> quotes, when that probability is at least <see cref="RunnerUpShare"/>: a close
    /// call a person should hear of (a 9 with a curled tail that might be a 3). Null otherwise.
    /// </summary>
    public (int Digit, float Probability)? RunnerUp
    {
        get
        {
            if (QuotedVerdict is not { PredictedDigit: { } best, Probabilities: { } probabilities })
            {
                return null;
            }

            var next = Enumerable.Range(0, probabilities.Count).Where(d => d != best).MaxBy(d => probabilities[d]);
            return probabilities[next] >= RunnerUpShare ? (next, probabilities[next]) : null;
        }
    }

    /// <summary>The verdict whose confidence in <see cref="ConsensusDigit"/> is quoted: the ensemble's, else the surest model's that gave it.</summary>
    private ModelVerdict? QuotedVerdict
    {
        get
        {
            if (Ensemble is { HasAnswer: true } ensemble)
            {
                return ensemble;
            }

            var consensus = ConsensusDigit;
            return Verdicts.Where(v => v.PredictedDigit is { } digit && digit == consensus).MaxBy(v => v.Confidence);
        }
    }

    /// <summary>The least probability at which <see cref="RunnerUp"/> names the next digit.</summary>
    public const float RunnerUpShare = 0.1f;

    /// <summary>
    /// Whether the image is unlike the digits the models learned (a letter, a scribble): more than half of the verdicts
    /// that carry a <see cref="ModelVerdict.Familiarity"/> find it farther from every digit than their threshold. False
    /// when no model has a familiarity profile.
    /// </summary>
    public bool IsUnfamiliar => Familiarity.MostAreUnfamiliar([.. Verdicts.Select(v => v.Familiarity).OfType<Familiarity>()]);

    /// <summary>Whether the models that answered do not all give the same digit.</summary>
    public bool ModelsDisagree =>
        Verdicts.Where(v => v.PredictedDigit is not null).Select(v => v.PredictedDigit).Distinct().Count() > 1;

    public bool Disagrees(ModelVerdict verdict) =>
        verdict.PredictedDigit is { } digit && ConsensusDigit is { } consensus && digit != consensus;

    public static IReadOnlyList<string> CardOrder { get; } = [.. ModelCatalog.Ids, ModelCatalog.EnsembleId];
}
