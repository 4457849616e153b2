using MnistBlazor.Shared.Records;
using MnistBlazor.Client.Charts;
using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.History;

/// <summary>Turns training histories into chart lines: one per chosen model and metric (validation dashed).</summary>
public static class HistorySeries
{
    /// <param name="axis">
    /// What x is: epochs, or the share of each run done (in %), which lays a 2-epoch run over the same width as a 40-epoch one.
    /// </param>
    public static IReadOnlyList<LineSeries> For(
        HistoryPanel panel, IEnumerable<ModelRecords> models, IReadOnlySet<string> chosenModels, IReadOnlySet<string> chosenMetrics,
        HistoryAxis axis = HistoryAxis.Epochs)
    {
        var series = new List<LineSeries>();
        foreach (var model in models)
        {
            if (!chosenModels.Contains(model.ModelId) || model.History.Value is not { Epochs.Count: > 0 } history)
            {
                continue;
            }

            var runEpochs = Math.Max(1, Math.Max(history.TotalEpochs, history.Epochs.Max(e => e.Epoch)));
            foreach (var metric in HistoryMetric.All.Where(m => m.Panel == panel && chosenMetrics.Contains(m.Key)))
            {
                var (x, values) = metric.StepValue is { } stepValue && history.Steps.Count > 0
                    ? (history.Steps.Select(s => s.Epochs).ToArray(), history.Steps.Select(s => (double?)stepValue(s)).ToArray())
                    : EpochPoints(history, metric);
                if (values.All(v => v is null))
                {
                    continue; // e.g. val_loss of a run without a validation split
                }

                series.Add(new LineSeries(
                    $"{model.DisplayName} · {metric.Label}",
                    axis == HistoryAxis.ShareOfRun ? x.Select(epochs => Math.Round(100 * epochs / runEpochs, 4)).ToArray() : x,
                    values,
                    ModelCatalog.ColorOf(model.ModelId),
                    Dashed: metric.IsValidation) { Group = model.ModelId });
            }
        }

        return series;
    }

    private static (double[] X, double?[] Values) EpochPoints(TrainingHistory history, HistoryMetric metric)
    {
        var epochs = history.Epochs.OrderBy(e => e.Epoch).ToArray();
        return (epochs.Select(e => (double)e.Epoch).ToArray(), epochs.Select(metric.Value).ToArray());
    }
}

/// <summary>The x axis of the history charts.</summary>
public enum HistoryAxis
{
    /// <summary>Epochs, as Keras' History counts them.</summary>
    Epochs,

    /// <summary>The share of each run's epochs done, in %.</summary>
    ShareOfRun,
}
