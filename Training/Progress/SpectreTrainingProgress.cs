using MnistBlazor.Shared.Records;
using Spectre.Console;

namespace MnistBlazor.Training.Progress;

/// <summary>A live progress bar per epoch on an interactive terminal.</summary>
public sealed class SpectreTrainingProgress : ITrainingProgress
{
    private readonly ProgressContext context;
    private ProgressTask? epochTask;

    private SpectreTrainingProgress(ProgressContext context) => this.context = context;

    /// <summary>Runs <paramref name="body"/> while the progress display is live.</summary>
    public static T Run<T>(Func<ITrainingProgress, T> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RemainingTimeColumn())
            .Start(context => body(new SpectreTrainingProgress(context)));

    public void EpochStarted(string modelId, int epoch, int totalEpochs, long imagesPerEpoch, long imagesAlreadyDone)
    {
        epochTask = context.AddTask(Markup.Escape($"[{modelId}] epoch {epoch}/{totalEpochs}"), maxValue: imagesPerEpoch);
        epochTask.Value = imagesAlreadyDone;
    }

    public void BatchCompleted(BatchProgress progress)
    {
        if (epochTask is null)
        {
            return;
        }

        epochTask.Value = progress.ImagesDone;
        epochTask.Description = Markup.Escape(ProgressText.Batch(progress));
    }

    public void EpochCompleted(string modelId, int totalEpochs, EpochRecord record)
    {
        if (epochTask is null)
        {
            return;
        }

        epochTask.Value = epochTask.MaxValue;
        epochTask.Description = Markup.Escape(ProgressText.Epoch(modelId, totalEpochs, record));
        epochTask.StopTask();
    }

    // Lines written while the display is live appear above it (Spectre re-renders the bars below).
    public void Message(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));
}
