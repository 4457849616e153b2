using MnistBlazor.Shared.Records;

namespace MnistBlazor.Training.Progress;

/// <summary>Where a batch of an epoch stands, for a progress display.</summary>
/// <param name="EtaSeconds">Estimated seconds until the whole run's training ends.</param>
public sealed record BatchProgress(
    string ModelId,
    int Epoch,
    int TotalEpochs,
    long ImagesDone,
    long ImagesPerEpoch,
    double Loss,
    double Accuracy,
    double ImagesPerSecond,
    double? EtaSeconds);

/// <summary>Receives a training run's progress (a live bar on a terminal, plain lines otherwise).</summary>
public interface ITrainingProgress
{
    void EpochStarted(string modelId, int epoch, int totalEpochs, long imagesPerEpoch, long imagesAlreadyDone);

    void BatchCompleted(BatchProgress progress);

    void EpochCompleted(string modelId, int totalEpochs, EpochRecord record);

    void Message(string text);
}
