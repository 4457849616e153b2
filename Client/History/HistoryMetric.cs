using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.History;

/// <summary>A per-epoch number of a training history, as Keras' History names it.</summary>
public sealed record HistoryMetric(string Key, string Label, HistoryPanel Panel, bool IsValidation, Func<EpochRecord, double?> Value)
{
    public static readonly HistoryMetric Loss = new("loss", "loss", HistoryPanel.Loss, false, e => e.Loss);
    public static readonly HistoryMetric ValLoss = new("val_loss", "val_loss", HistoryPanel.Loss, true, e => e.ValLoss);
    public static readonly HistoryMetric Accuracy = new("accuracy", "accuracy", HistoryPanel.Accuracy, false, e => e.Accuracy);
    public static readonly HistoryMetric ValAccuracy = new("val_accuracy", "val_accuracy", HistoryPanel.Accuracy, true, e => e.ValAccuracy);
    public static readonly HistoryMetric LearningRate = new("lr", "learning rate", HistoryPanel.LearningRate, false, e => e.LearningRate);

    public static IReadOnlyList<HistoryMetric> All { get; } = [Loss, ValLoss, Accuracy, ValAccuracy, LearningRate];
}

/// <summary>The charts of the history page; each overlays its metrics for every chosen model.</summary>
public enum HistoryPanel
{
    Loss,
    Accuracy,
    LearningRate,
}
