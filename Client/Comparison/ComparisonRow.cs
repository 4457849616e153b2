using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Comparison;

/// <summary>One line of the comparison table: a model (or the ensemble) with what is known about it.</summary>
public sealed record ComparisonRow(
    string ModelId,
    string DisplayName,
    long? Parameters,
    long? OnnxBytes,
    double? TestAccuracy,
    double? PenAccuracy,
    IReadOnlyList<double>? PerClassAccuracy,
    double? TrainingSeconds,
    string? Recipe,
    int? Epochs,
    TimeSpan? Latency,
    ModelSpec? Study,
    string? Problem)
{
    public bool IsEnsemble => ModelId == ModelCatalog.EnsembleId;

    /// <param name="penMetrics">Each model's (and the ensemble's) metrics on the real pen digits, by id, as far as measured.</param>
    public static IReadOnlyList<ComparisonRow> Build(
        IModelRecords records, IReadOnlyDictionary<string, TimeSpan> latency, IReadOnlyDictionary<string, TestMetrics> penMetrics)
    {
        var rows = records.Models.Select(m => ForModel(m, latency, penMetrics)).ToList();
        rows.Add(ForEnsemble(records, latency, penMetrics));
        return rows;
    }

    private static ComparisonRow ForModel(ModelRecords model, IReadOnlyDictionary<string, TimeSpan> latency, IReadOnlyDictionary<string, TestMetrics> penMetrics)
    {
        var card = model.Card.Value;
        var metrics = model.Metrics.Value;
        var problems = new[] { model.Card.Error, model.Metrics.Error }.Where(e => e is not null);
        return new ComparisonRow(
            model.ModelId,
            model.DisplayName,
            card?.ParameterCount,
            model.OnnxBytes,
            metrics?.Accuracy,
            penMetrics.GetValueOrDefault(model.ModelId)?.Accuracy,
            metrics?.PerClassAccuracy,
            card?.TotalTrainingSeconds(),
            card is null ? null : DescribeTraining(card),
            card?.BaseTraining().EpochsCompleted,
            latency.TryGetValue(model.ModelId, out var time) ? time : null,
            ModelCatalog.TryGet(model.ModelId, out var spec) ? spec : null,
            problems.Any() ? string.Join(" ", problems) : null);
    }

    private static ComparisonRow ForEnsemble(IModelRecords records, IReadOnlyDictionary<string, TimeSpan> latency, IReadOnlyDictionary<string, TestMetrics> penMetrics)
    {
        var memberIds = Ensemble.Members.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var members = records.Models.Where(m => memberIds.Contains(m.ModelId) && m.OnnxBytes is not null).ToArray();
        var metrics = records.Ensemble.Metrics.Value;
        return new ComparisonRow(
            ModelCatalog.EnsembleId,
            ModelCatalog.EnsembleDisplayName,
            members.Length > 0 && members.All(m => m.Card.Value is not null) ? members.Sum(m => m.Card.Value!.ParameterCount) : null,
            members.Length > 0 ? members.Sum(m => m.OnnxBytes!.Value) : null,
            metrics?.Accuracy,
            penMetrics.GetValueOrDefault(ModelCatalog.EnsembleId)?.Accuracy,
            metrics?.PerClassAccuracy,
            members.Length > 0 && members.All(m => m.Card.Value is not null) ? members.Sum(m => m.Card.Value!.TotalTrainingSeconds()) : null,
            members.Length == 0 ? null : $"mean of the probabilities of {members.Length} CNN{(members.Length == 1 ? "" : "s")}",
            null,
            latency.TryGetValue(ModelCatalog.EnsembleId, out var time) ? time : null,
            null,
            records.Ensemble.Metrics.Error);
    }

    /// <summary>The recipe of the training from scratch, and the fine-tunes on saved drawings since.</summary>
    public static string DescribeTraining(ModelCard card)
    {
        var recipe = DescribeRecipe(card.BaseTraining().Recipe);
        return card.FineTuneCount() switch
        {
            0 => recipe,
            1 => $"{recipe} · then fine-tuned on saved drawings",
            var count => $"{recipe} · then fine-tuned on saved drawings {count} times",
        };
    }

    private static string DescribeRecipe(TrainingRecipe recipe)
    {
        var parts = new List<string>
        {
            recipe.Name,
            $"{recipe.Optimizer} {recipe.LearningRate.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}",
            recipe.Schedule,
            $"batch {recipe.BatchSize}",
        };
        if (recipe.Augment)
        {
            parts.Add("augmented");
        }

        if (recipe.TrainingImages is { } images)
        {
            parts.Add($"{images.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} images");
        }

        return string.Join(" · ", parts);
    }
}
