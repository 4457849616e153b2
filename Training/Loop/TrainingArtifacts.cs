using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Progress;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>Where the training data came from, for the model card.</summary>
/// <param name="Name">e.g. "mnist" or "kaggle:train.csv".</param>
/// <param name="Checksum">SHA-256 of the training images file.</param>
public sealed record DataProvenance(string Name, string Checksum);

/// <summary>
/// What a completed run leaves in the model's folder: weights, test metrics, model card and the ONNX
/// graph in fp32 and int8; the history is marked completed last, so a watcher sees "completed" only when all are there.
/// A preview (the model after an early epoch of a run still going on) leaves the same files and the history running.
/// </summary>
public static class TrainingArtifacts
{
    public static TestMetrics? Write(
        TrainingJob job, TrainingOutcome outcome, LabeledSet? testSet, DataProvenance data, ITrainingProgress progress, Func<DateTimeOffset> now)
    {
        var metrics = WriteModel(job, outcome, testSet, data, progress, now);
        var completed = outcome.History with { Status = RunStatus.Completed, Progress = null, Message = null, UpdatedAt = now() };
        RecordFile.Write(job.Files.History, completed);
        return metrics;
    }

    /// <summary>Publishes the model of a run still going on; the end of the run replaces every file.</summary>
    public static TestMetrics? WritePreview(
        TrainingJob job, TrainingOutcome outcome, LabeledSet? testSet, DataProvenance data, ITrainingProgress progress, Func<DateTimeOffset> now)
    {
        progress.Message($"[{job.Model.Id}] preview after epoch {outcome.History.Epochs.Count} of {job.Recipe.Epochs}, for the web app until training ends:");
        return WriteModel(job, outcome, testSet, data, progress, now);
    }

    private static TestMetrics? WriteModel(
        TrainingJob job, TrainingOutcome outcome, LabeledSet? testSet, DataProvenance data, ITrainingProgress progress, Func<DateTimeOffset> now)
    {
        var files = job.Files;
        ModelStore.SaveWeights(outcome.Model, files);

        TestMetrics? metrics = null;
        if (testSet is not null)
        {
            progress.Message($"[{job.Model.Id}] evaluating on {testSet.Name} ({testSet.Images.Count} images)...");
            metrics = ModelEvaluator.Evaluate(job.Model.Id, outcome.Model, testSet, job.Device, now());
            RecordFile.Write(files.Metrics, metrics);
            progress.Message(FormattableString.Invariant(
                $"[{job.Model.Id}] {testSet.Name} accuracy {metrics.Accuracy:F4} ({metrics.Misclassified.Count} of {metrics.Count} wrong) -> {files.Metrics}"));
        }

        var card = new ModelCard
        {
            ModelId = job.Model.Id,
            DisplayName = job.Model.DisplayName,
            Architecture = job.Model.Summary,
            ParameterCount = ModelFactory.ParameterCount(outcome.Model),
            Recipe = job.Recipe.ToRecord(job.Seed, job.Data.Training.Count),
            DataSource = data.Name,
            DataChecksum = data.Checksum,
            EpochsCompleted = outcome.History.Epochs.Count,
            TrainingSeconds = outcome.TrainingSeconds,
            TrainedAt = now(),
            Machine = MachineInfo.Describe(),
            FineTunedFrom = job.FineTunedFrom,
        };
        RecordFile.Write(files.Card, card);

        OnnxArtifact.Export(outcome.Model, job.Model.Id, files, job.Data.Training, progress);
        return metrics;
    }
}
