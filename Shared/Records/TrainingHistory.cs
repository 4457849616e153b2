using System.Text.Json.Serialization;

namespace MnistBlazor.Shared.Records;

/// <summary>One finished epoch, as Keras' History recorded it plus timing.</summary>
public sealed record EpochRecord(
    int Epoch,
    double Loss,
    double Accuracy,
    double? ValLoss,
    double? ValAccuracy,
    double LearningRate,
    double Seconds,
    double ImagesPerSecond);

/// <summary>
/// The training images' loss and accuracy over a stretch of an epoch, for runs of few epochs, whose per-epoch figures
/// are too few points to show how they learned.
/// </summary>
/// <param name="Epochs">Where the stretch ended, in epochs from the start: 0.1 is a tenth of the first epoch, 2 the end of the second.</param>
/// <param name="Loss">The mean loss on the stretch's images.</param>
/// <param name="Accuracy">The share of the stretch's images read right.</param>
/// <param name="LearningRate">The learning rate of the stretch's last batch.</param>
public sealed record StepRecord(double Epochs, double Loss, double Accuracy, double LearningRate)
{
    /// <summary>
    /// How many stretches an epoch is recorded in, for a run of <paramref name="totalEpochs"/>: about 20 points in all,
    /// at most 10 an epoch; none from 20 epochs on, where the epochs are points enough.
    /// </summary>
    public static int PerEpoch(int totalEpochs) => totalEpochs is <= 0 or >= 20 ? 0 : Math.Min(10, (20 + totalEpochs - 1) / totalEpochs);
}

public enum RunStatus
{
    Running,
    Completed,
    Stopped,
    Failed,
}

/// <summary>Where a running epoch is, so a watcher can show a live progress bar.</summary>
public sealed record RunProgress(
    int Epoch,
    int TotalEpochs,
    long ImagesDone,
    long ImagesPerEpoch,
    double ImagesPerSecond,
    double? EtaSeconds,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public double EpochFraction => ImagesPerEpoch == 0 ? 0 : (double)ImagesDone / ImagesPerEpoch;

    /// <summary>The time left, when the trainer could estimate it (the first batches give none, or an infinite one).</summary>
    [JsonIgnore]
    public double? KnownEtaSeconds => EtaSeconds is { } eta && double.IsFinite(eta) && eta >= 0 ? eta : null;
}

/// <summary>
/// A model's training history, rewritten after every epoch (and while an epoch runs) so that
/// pages and tools watching the file see a run progress.
/// </summary>
public sealed record TrainingHistory : IVersionedRecord
{
    public static int CurrentSchemaVersion => 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ModelId { get; init; }
    public required string Recipe { get; init; }
    public RunStatus Status { get; init; }
    public int TotalEpochs { get; init; }
    public IReadOnlyList<EpochRecord> Epochs { get; init; } = [];

    /// <summary>The training figures within the epochs, for runs of few epochs (<see cref="StepRecord.PerEpoch"/>); empty for others and for files written before they were recorded.</summary>
    public IReadOnlyList<StepRecord> Steps { get; init; } = [];

    public RunProgress? Progress { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// How long a running history may go unwritten before its run counts as abandoned: the trainer rewrites it every
    /// 2 s while an epoch runs, and evaluating and exporting after the last epoch take a minute or two.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    [JsonIgnore]
    public EpochRecord? LastEpoch => Epochs.Count == 0 ? null : Epochs[^1];

    /// <summary>
    /// Whether it says "running" but has not been written for <see cref="AbandonedAfter"/>: its trainer ended without
    /// recording it (killed, or the machine restarted), so no page should show the run as going on.
    /// </summary>
    public bool IsAbandoned(DateTimeOffset now) => Status == RunStatus.Running && now - UpdatedAt > AbandonedAfter;

    public TrainingHistory WithEpoch(EpochRecord epoch, DateTimeOffset now) =>
        this with { Epochs = [.. Epochs.Where(e => e.Epoch != epoch.Epoch), epoch], Progress = null, UpdatedAt = now };
}
