using System.Diagnostics;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Training.Progress;

/// <summary>Progress as plain lines, at most one per <paramref name="interval"/>: for logs and redirected output.</summary>
public sealed class PlainTrainingProgress(TextWriter output, TimeSpan interval) : ITrainingProgress
{
    private readonly Stopwatch sinceLastLine = Stopwatch.StartNew();

    public void EpochStarted(string modelId, int epoch, int totalEpochs, long imagesPerEpoch, long imagesAlreadyDone)
    {
        var resumed = imagesAlreadyDone > 0 ? $" (resuming after {imagesAlreadyDone} images)" : "";
        output.WriteLine($"[{modelId}] epoch {epoch}/{totalEpochs}: {imagesPerEpoch} images{resumed}");
        sinceLastLine.Restart();
    }

    public void BatchCompleted(BatchProgress progress)
    {
        if (sinceLastLine.Elapsed < interval)
        {
            return;
        }

        output.WriteLine(ProgressText.Batch(progress));
        output.Flush();
        sinceLastLine.Restart();
    }

    public void EpochCompleted(string modelId, int totalEpochs, EpochRecord record)
    {
        output.WriteLine(ProgressText.Epoch(modelId, totalEpochs, record));
        output.Flush();
    }

    public void Message(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }
}
