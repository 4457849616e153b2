using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>
/// What the fine-tunes on the saved drawings leave in the models directory, read for the pages: a running fine-tune's
/// progress (the version folder each model's fine-tune writes, its history and report) and each model's latest outcome.
/// </summary>
public static class FineTuneFolders
{
    /// <summary>How far the running fine-tune <paramref name="current"/> has come, read from the version folders it writes; null when no fine-tune runs.</summary>
    public static FineTuneProgress? Progress(string modelsDirectory, AutoTrainingStatus current)
    {
        if (current is not { State: AutoTrainingState.Running, Kind: TrainingRunKind.FineTune, StartedAt: { } since } run)
        {
            return null;
        }

        var finished = 0;
        foreach (var id in run.ModelIds)
        {
            var version = LatestFineTuneSince(modelsDirectory, id, since);
            if (version is null)
            {
                return new FineTuneProgress(id, finished, run.ModelIds.Count, FineTunePhase.Measuring);
            }

            if (!File.Exists(Path.Combine(version.Directory, FineTuneReport.FileName)))
            {
                return RecordFile.ReadIfReadable<TrainingHistory>(version.History) switch
                {
                    { Status: RunStatus.Running } history when history.Epochs.Count < history.TotalEpochs =>
                        new FineTuneProgress(id, finished, run.ModelIds.Count, FineTunePhase.Learning, history.Progress),
                    { } => new FineTuneProgress(id, finished, run.ModelIds.Count, FineTunePhase.Saving),
                    null => new FineTuneProgress(id, finished, run.ModelIds.Count, FineTunePhase.Measuring),
                };
            }

            finished++;
        }

        return new FineTuneProgress(run.ModelIds[^1], finished - 1, run.ModelIds.Count, FineTunePhase.Saving); // every report is written: the trainer is ending
    }

    /// <summary>Each model's latest fine-tune that wrote its report, and whether that version is the one in use.</summary>
    public static IReadOnlyList<FineTuneOutcome> LatestOutcomes(string modelsDirectory)
    {
        var outcomes = new List<FineTuneOutcome>();
        foreach (var spec in ModelCatalog.All)
        {
            var latest = ModelVersions.List(modelsDirectory, spec.Id)
                .Where(v => v.Name.StartsWith(ModelVersions.FineTunePrefix, StringComparison.Ordinal))
                .Select(v => (version: v, report: RecordFile.ReadIfReadable<FineTuneReport>(Path.Combine(v.Files.Directory, FineTuneReport.FileName))))
                .LastOrDefault(v => v.report is not null);
            if (latest.report is not null)
            {
                outcomes.Add(new FineTuneOutcome(spec.DisplayName, latest.report, latest.version.IsActive));
            }
        }

        return outcomes;
    }

    /// <summary>The model's newest fine-tune folder made since <paramref name="since"/> (its name is the UTC time it began), or null.</summary>
    private static ModelFiles? LatestFineTuneSince(string modelsDirectory, string modelId, DateTimeOffset since)
    {
        var root = ModelVersions.Root(modelsDirectory, modelId);
        var earliest = ModelVersions.FineTuneName(since);
        var name = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>()
                .Where(n => n.StartsWith(ModelVersions.FineTunePrefix, StringComparison.Ordinal) && string.CompareOrdinal(n, earliest) >= 0)
                .Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return name is null ? null : ModelVersions.FilesOf(modelsDirectory, modelId, name);
    }
}
