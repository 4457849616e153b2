using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Comparison;

/// <summary>A model (or the ensemble) with its metrics on one labelled set, for a confusion panel.</summary>
public sealed record MeasuredModel(string ModelId, string DisplayName, TestMetrics Metrics)
{
    /// <summary>The given metrics in the catalogue's order (the four models, then the ensemble), named as the cards name them.</summary>
    public static IReadOnlyList<MeasuredModel> InCatalogOrder(IReadOnlyDictionary<string, TestMetrics> metrics) =>
        ModelCatalog.All.Select(m => (m.Id, m.DisplayName))
            .Append((ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName))
            .Where(m => metrics.ContainsKey(m.Item1))
            .Select(m => new MeasuredModel(m.Item1, m.Item2, metrics[m.Item1]))
            .ToArray();
}
