using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Training.Progress;

/// <summary>The one wording of progress figures, shared by the live bar and the plain lines.</summary>
public static class ProgressText
{
    public static string Batch(BatchProgress p) => FormattableString.Invariant(
        $"[{p.ModelId}] epoch {p.Epoch}/{p.TotalEpochs} {p.ImagesDone}/{p.ImagesPerEpoch} img  loss {p.Loss:F4}  acc {p.Accuracy:F4}  {p.ImagesPerSecond:F0} img/s  ETA {ConsoleProgress.Duration(p.EtaSeconds)}");

    public static string Epoch(string modelId, int totalEpochs, EpochRecord r) =>
        FormattableString.Invariant($"[{modelId}] epoch {r.Epoch}/{totalEpochs} done in {r.Seconds:F1} s  loss {r.Loss:F4}  acc {r.Accuracy:F4}")
        + (r.ValAccuracy is { } va ? FormattableString.Invariant($"  val_loss {r.ValLoss:F4}  val_acc {va:F4}") : "")
        + FormattableString.Invariant($"  lr {r.LearningRate:G3}  {r.ImagesPerSecond:F0} img/s");
}
