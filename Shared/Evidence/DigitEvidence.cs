namespace MnistBlazor.Shared.Evidence;

/// <summary>One model's (or the ensemble's) evidence, or why there is none.</summary>
/// <param name="Time">How long the model's batch took (for the ensemble: the sum of its members').</param>
public sealed record ModelEvidence(string ModelId, OcclusionEvidence? Evidence, string? Reason, TimeSpan Time)
{
    public static ModelEvidence Without(string modelId, string reason) => new(modelId, null, reason, TimeSpan.Zero);
}

/// <summary>Every model's evidence on one image, and how long measuring all of it took.</summary>
public sealed record DigitEvidence(IReadOnlyList<ModelEvidence> Models, TimeSpan Elapsed)
{
    /// <summary>The model's evidence, or null when it has none.</summary>
    public OcclusionEvidence? For(string modelId) =>
        Models.FirstOrDefault(m => m.ModelId == modelId)?.Evidence;
}
