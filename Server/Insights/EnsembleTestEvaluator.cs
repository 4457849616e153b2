using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// The soft-vote ensemble's metrics on the MNIST test set, computed from its members' ONNX outputs and written to
/// <c>models/ensemble/metrics.json</c>; they count as current while that file is newer than every member's
/// model.onnx, so they are computed once per version of the member files. When the file cannot be written, the
/// figures are kept for this process.
/// </summary>
/// <param name="report">Hears every change of the evaluation's state.</param>
public sealed class EnsembleTestEvaluator(BackgroundModelRuns runs, IMnistTestSet testSet, ILogger logger, Action<EnsembleEvaluation> report)
{
    private (string Versions, TestMetrics Metrics, string Problem)? unsaved;

    public async Task EvaluateAsync()
    {
        if (testSet.Images is not { Labels: { } labels } images)
        {
            report(new EnsembleEvaluation(EvaluationState.Unavailable, 0,
                $"The ensemble cannot be evaluated without the MNIST test set: {testSet.UnavailableReason}"));
            return;
        }

        var members = runs.Acquire(Ensemble.Members);
        try
        {
            if (members.Count == 0)
            {
                report(new EnsembleEvaluation(EvaluationState.Unavailable, 0, "No trained CNN yet: the ensemble has no members."));
                return;
            }

            var versions = BackgroundModelRuns.Versions(members);
            var metricsPath = new ModelFiles(runs.ModelsDirectory, ModelCatalog.EnsembleId).Metrics;
            if (unsaved is { } kept && kept.Versions == versions && kept.Metrics.Count == images.Count)
            {
                report(new EnsembleEvaluation(EvaluationState.Current, 1, $"{Describe(kept.Metrics, members.Count)} {kept.Problem}"));
                return;
            }

            if (IsCurrent(metricsPath, members, images.Count, out var existing))
            {
                report(new EnsembleEvaluation(EvaluationState.Current, 1, Describe(existing!, members.Count)));
                return;
            }

            if (runs.WaitsForTraining())
            {
                report(BackgroundModelRuns.Waiting($"The ensemble is evaluated on the {images.Count:N0} test images"));
                return;
            }

            var watch = Stopwatch.StartNew();
            var metrics = await ComputeAsync(members, images, labels);
            logger.LogInformation("Ensemble of {Count} CNNs: test accuracy {Accuracy:P2} on {Images} images, computed in {Seconds:0.0} s",
                members.Count, metrics.Accuracy, images.Count, watch.Elapsed.TotalSeconds);
            try
            {
                RecordFile.Write(metricsPath, metrics);
                unsaved = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Kept for this process: the figures stand, and the next visit does not evaluate again.
                logger.LogWarning("The ensemble's metrics could not be written to {Path}: {Reason}", metricsPath, e.Message);
                var problem = $"Not saved to {ModelCatalog.EnsembleId}/metrics.json: {runs.ForPages(e)}";
                unsaved = (versions, metrics, problem);
                report(new EnsembleEvaluation(EvaluationState.Current, 1, $"{Describe(metrics, members.Count)} {problem}"));
                return;
            }

            report(new EnsembleEvaluation(EvaluationState.Current, 1, Describe(metrics, members.Count)));
        }
        finally
        {
            BackgroundModelRuns.Release(members);
        }
    }

    private async Task<TestMetrics> ComputeAsync(IReadOnlyList<LoadedModel> members, LabeledImages images, byte[] labels)
    {
        var names = string.Join(", ", members.Select(m => m.ModelId));
        var running = $"Evaluating the ensemble ({names}) on {images.Count:N0} test images…";
        report(new EnsembleEvaluation(EvaluationState.Running, 0, running));
        var progress = new ThrottledProgress((double)images.Count * members.Count, fraction =>
            report(new EnsembleEvaluation(EvaluationState.Running, fraction, $"{running} {fraction.ToString("P0", CultureInfo.InvariantCulture)}")));
        var outputs = new Dictionary<LoadedModel, float[]>(ReferenceEqualityComparer.Instance);
        foreach (var member in members)
        {
            outputs[member] = await runs.ProbabilitiesAsync(member, images, progress.Add);
        }

        return TestMetrics.Compute(ModelCatalog.EnsembleId, "mnist-test", labels, BackgroundModelRuns.SoftVote(members, outputs), DateTimeOffset.UtcNow);
    }

    /// <summary>Whether the ensemble's metrics.json was computed on this test set after every member file was written.</summary>
    private bool IsCurrent(string metricsPath, IReadOnlyList<LoadedModel> members, int testCount, out TestMetrics? metrics)
    {
        metrics = null;
        if (FileStamp.Of(metricsPath) is not { } stamp || members.Any(m => m.Stamp.LastWriteUtc > stamp.LastWriteUtc))
        {
            return false;
        }

        try
        {
            metrics = RecordFile.Read<TestMetrics>(metricsPath);
            return metrics.Count == testCount && metrics.Dataset == "mnist-test";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("Recomputing the ensemble's metrics: {Reason}", e.Message);
            return false;
        }
    }

    private static string Describe(TestMetrics metrics, int members) =>
        $"Ensemble of {members} CNN{(members == 1 ? "" : "s")}: {metrics.Accuracy.ToString("P2", CultureInfo.InvariantCulture)} on {metrics.Count:N0} test images " +
        $"(computed {metrics.EvaluatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC).";
}
