namespace MnistBlazor.Shared.Inference;

/// <summary>One model (or the ensemble) as the app currently sees it.</summary>
/// <param name="ModelId">Catalogue id, or <c>ModelCatalog.EnsembleId</c>.</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="Availability">Whether it can answer.</param>
/// <param name="Reason">Why it cannot answer (or, for the ensemble, which members are missing).</param>
public sealed record ModelStatus(string ModelId, string DisplayName, ModelAvailability Availability, string? Reason)
{
    public bool IsReady => Availability == ModelAvailability.Ready;

    /// <summary>Accuracy measured on the test set (metrics.json), when known.</summary>
    public double? TestAccuracy { get; init; }
}
