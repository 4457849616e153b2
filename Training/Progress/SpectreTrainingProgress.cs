using System.Collections.Concurrent;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Records;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace MnistBlazor.Training.Progress;

/// <summary>A live progress bar per epoch on an interactive terminal.</summary>
public sealed class SpectreTrainingProgress : ITrainingProgress
{
    private readonly ProgressContext context;
    private readonly ConcurrentDictionary<int, string> figuresByTask;
    private ProgressTask? epochTask;

    private SpectreTrainingProgress(ProgressContext context, ConcurrentDictionary<int, string> figuresByTask)
    {
        this.context = context;
        this.figuresByTask = figuresByTask;
    }

    /// <summary>Runs <paramref name="body"/> while the progress display is live.</summary>
    public static T Run<T>(Func<ITrainingProgress, T> body)
    {
        var figuresByTask = new ConcurrentDictionary<int, string>();
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 24 },
                new PercentageColumn(),
                new RemainingTimeColumn(),
                new FiguresColumn(figuresByTask))
            .Start(context => body(new SpectreTrainingProgress(context, figuresByTask)));
    }

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
        var figures = FormattableString.Invariant(
            $"loss {progress.Loss:F4} acc {progress.Accuracy:F4} {progress.ImagesPerSecond:F0} img/s, run ETA {ConsoleProgress.Duration(progress.EtaSeconds)}");
        figuresByTask[epochTask.Id] = figures;
    }

    public void EpochCompleted(string modelId, int totalEpochs, EpochRecord record)
    {
        if (epochTask is null)
        {
            return;
        }

        epochTask.Value = epochTask.MaxValue;
        var figures = FormattableString.Invariant($"loss {record.Loss:F4} acc {record.Accuracy:F4}")
            + (record.ValAccuracy is { } validation ? FormattableString.Invariant($" val_acc {validation:F4}") : "")
            + FormattableString.Invariant($" {record.ImagesPerSecond:F0} img/s, {record.Seconds:F0} s");
        figuresByTask[epochTask.Id] = figures;
        epochTask.StopTask();
    }

    // Lines written while the display is live appear above it (Spectre re-renders the bars below).
    public void Message(string text) => AnsiConsole.MarkupLine(Markup.Escape(text));

    /// <summary>The epoch's loss, accuracy and speed beside its bar.</summary>
    private sealed class FiguresColumn(ConcurrentDictionary<int, string> figuresByTask) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(figuresByTask.TryGetValue(task.Id, out var figures) ? figures : "");
    }
}
