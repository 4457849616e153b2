using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.History;

/// <summary>
/// A per-epoch number of a training history, as Keras' History names it, and, for the training figures, the same
/// number within the epochs when the history has it (<see cref="TrainingHistory.Steps"/>).
/// </summary>
public sealed record HistoryMetric(
    string Key, string Label, HistoryPanel Panel, bool IsValidation, Func<EpochRecord, double?> Value, Func<StepRecord, double>? StepValue = null)
{
    public static readonly HistoryMetric Loss = new("loss", "loss", HistoryPanel.Loss, false, e => e.Loss, s => s.Loss);
    public static readonly HistoryMetric ValLoss = new("val_loss", "val_loss", HistoryPanel.Loss, true, e => e.ValLoss);
    public static readonly HistoryMetric Accuracy = new("accuracy", "accuracy", HistoryPanel.Accuracy, false, e => e.Accuracy, s => s.Accuracy);
    public static readonly HistoryMetric ValAccuracy = new("val_accuracy", "val_accuracy", HistoryPanel.Accuracy, true, e => e.ValAccuracy);
    public static readonly HistoryMetric LearningRate = new("lr", "learning rate", HistoryPanel.LearningRate, false, e => e.LearningRate, s => s.LearningRate);

    public static IReadOnlyList<HistoryMetric> All { get; } = [Loss, ValLoss, Accuracy, ValAccuracy, LearningRate];
}

/// <summary>The charts of the history page; each overlays its metrics for every chosen model.</summary>
public enum HistoryPanel
{
    Loss,
    Accuracy,
    LearningRate,
}
