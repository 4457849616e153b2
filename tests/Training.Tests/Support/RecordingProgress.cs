using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Progress;

namespace MnistBlazor.Training.Tests.Support;

/// <summary>Collects progress and lets a test act after each batch or epoch.</summary>
public sealed class RecordingProgress : ITrainingProgress
{
    public List<EpochRecord> Epochs { get; } = [];
    public List<BatchProgress> Batches { get; } = [];
    public List<string> Messages { get; } = [];
    public Action<BatchProgress>? OnBatch { get; init; }
    public Action<EpochRecord>? OnEpoch { get; init; }

    public void EpochStarted(string modelId, int epoch, int totalEpochs, long imagesPerEpoch, long imagesAlreadyDone)
    {
    }

    public void BatchCompleted(BatchProgress progress)
    {
        Batches.Add(progress);
        OnBatch?.Invoke(progress);
    }

    public void EpochCompleted(string modelId, int totalEpochs, EpochRecord record)
    {
        Epochs.Add(record);
        OnEpoch?.Invoke(record);
    }

    public void Message(string text) => Messages.Add(text);
}
