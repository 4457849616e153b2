using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// Measures, in the background, what the comparison page shows beyond the training records: each
/// model's median single-image latency in this server (<see cref="ModelLatencyProbe"/>), and the soft-vote
/// ensemble's test metrics computed from its members' ONNX outputs on the MNIST test set. The ensemble's metrics
/// are written to <c>models/ensemble/metrics.json</c> and count as current while that file is newer than every
/// member's model.onnx, so they are computed once per version of the member files. Every model and the ensemble
/// are also scored on the real pen digits (rendered as drawings), kept per version of the model files they used
/// (<see cref="PenDigitScoreBook"/>), then on the same digits written other ways (turned, slanted, narrower, wider).
/// Every run waits for a core as background work (<see cref="InferenceCores"/>), so classifications people are
/// waiting for go first. While a training writes into the models directory (the server's own or a terminal's: it holds
/// <see cref="TrainingLock"/>), nothing stale is measured (<see cref="EvaluationState.Waiting"/>): the training's threads
/// wait for each other, so one core taken from them for a minute stalls it for about that minute, and latency measured
/// beside it would be the training's, not the model's. Whatever waited is measured when the training ends.
/// </summary>
public sealed class ModelComparisonService : IModelComparison
{
    /// <summary>Images per run: small, so a core held in the background is soon handed to a waiting request.</summary>
    public const int BatchSize = 25;

    private readonly ModelRegistry registry;
    private readonly IMnistTestSet testSet;
    private readonly IPenDigits penDigits;
    private readonly ILogger<ModelComparisonService> logger;
    private readonly InferenceCores cores;
    private readonly ModelLatencyProbe latency;
    private readonly PenDigitScoreBook penScores;
    private readonly Lock gate = new();
    private EnsembleEvaluation evaluation = EnsembleEvaluation.Idle;
    private EnsembleEvaluation penEvaluation = EnsembleEvaluation.Idle;
    private EnsembleEvaluation variationsEvaluation = EnsembleEvaluation.Idle;
    private LabeledImages? variationsOf;
    private LabeledImages?[] variationImages = [];
    private (string Versions, TestMetrics Metrics, string Problem)? unsavedEnsemble;
    private Task? running;
    private Task? afterTraining;

    public ModelComparisonService(
        ModelRegistry registry, IMnistTestSet testSet, IPenDigits penDigits, ILogger<ModelComparisonService> logger, InferenceCores? cores = null)
    {
        this.cores = cores ?? new InferenceCores();
        this.registry = registry;
        this.testSet = testSet;
        this.penDigits = penDigits;
        this.logger = logger;
        latency = new ModelLatencyProbe(registry, testSet, this.cores);
        penScores = new PenDigitScoreBook(registry.ModelsDirectory, logger);
    }

    /// <summary>How often measurements that wait for a training look whether it has ended.</summary>
    public TimeSpan TrainingPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public event Action? Changed;

    public IReadOnlyDictionary<string, TimeSpan> MedianLatency => latency.MedianLatency;

    public EnsembleEvaluation EnsembleEvaluation
    {
        get
        {
            lock (gate)
            {
                return evaluation;
            }
        }
    }

    public IReadOnlyDictionary<string, TestMetrics> PenDigitMetrics => penScores.Metrics;

    public EnsembleEvaluation PenDigitsEvaluation
    {
        get
        {
            lock (gate)
            {
                return penEvaluation;
            }
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<VariationAccuracy>> PenDigitVariations => penScores.Variations;

    public EnsembleEvaluation PenDigitVariationsEvaluation
    {
        get
        {
            lock (gate)
            {
                return variationsEvaluation;
            }
        }
    }

    public void EnsureMeasured()
    {
        lock (gate)
        {
            if (running is { IsCompleted: false })
            {
                return;
            }

            running = Task.Run(MeasureAsync);
        }
    }

    /// <summary>Measures whatever is stale and waits for it (tests, benchmarks).</summary>
    public Task MeasureNowAsync()
    {
        EnsureMeasured();
        lock (gate)
        {
            return running ?? Task.CompletedTask;
        }
    }

    /// <summary>The short measurements first (latency, then the pen digits, often taken up from the file), the ensemble's 10,000 MNIST images last.</summary>
    private async Task MeasureAsync()
    {
        try
        {
            if (!WaitsForTraining())
            {
                await latency.MeasureAsync();
                Raise();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Measuring the models' latency failed"); // the table shows no latency; the rest goes on
        }

        try
        {
            await EvaluatePenDigitsAsync(await penDigits.LoadedAsync());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Measuring the models on the pen digits failed");
            SetPenEvaluation(new EnsembleEvaluation(EvaluationState.Failed, 0, $"The measurement on the pen digits failed: {ServerPaths.WithoutDirectory(e.Message, registry.ModelsDirectory)}"));
        }

        try
        {
            await EvaluateEnsembleAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Evaluating the ensemble failed");
            SetEvaluation(new EnsembleEvaluation(EvaluationState.Failed, 0, $"The evaluation failed: {ServerPaths.WithoutDirectory(e.Message, registry.ModelsDirectory)}"));
        }
    }

    private async Task EvaluateEnsembleAsync()
    {
        if (testSet.Images is not { Labels: { } labels } images)
        {
            SetEvaluation(new EnsembleEvaluation(EvaluationState.Unavailable, 0,
                $"The ensemble cannot be evaluated without the MNIST test set: {testSet.UnavailableReason}"));
            return;
        }

        var members = Acquire(Ensemble.Members);
        try
        {
            if (members.Count == 0)
            {
                SetEvaluation(new EnsembleEvaluation(EvaluationState.Unavailable, 0, "No trained CNN yet: the ensemble has no members."));
                return;
            }

            var metricsPath = new ModelFiles(registry.ModelsDirectory, ModelCatalog.EnsembleId).Metrics;
            if (unsavedEnsemble is { } unsaved && unsaved.Versions == Versions(members) && unsaved.Metrics.Count == images.Count)
            {
                SetEvaluation(new EnsembleEvaluation(EvaluationState.Current, 1, $"{Describe(unsaved.Metrics, members.Count)} {unsaved.Problem}"));
                return;
            }

            if (IsCurrent(metricsPath, members, images.Count, out var existing))
            {
                SetEvaluation(new EnsembleEvaluation(EvaluationState.Current, 1, Describe(existing!, members.Count)));
                return;
            }

            if (WaitsForTraining())
            {
                SetEvaluation(Waiting($"The ensemble is evaluated on the {images.Count:N0} test images"));
                return;
            }

            var watch = Stopwatch.StartNew();
            var metrics = await EvaluateAsync(members, images, labels);
            logger.LogInformation("Ensemble of {Count} CNNs: test accuracy {Accuracy:P2} on {Images} images, computed in {Seconds:0.0} s",
                members.Count, metrics.Accuracy, images.Count, watch.Elapsed.TotalSeconds);
            try
            {
                RecordFile.Write(metricsPath, metrics);
                unsavedEnsemble = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Kept for this process: the figures stand, and the next visit does not evaluate again.
                logger.LogWarning("The ensemble's metrics could not be written to {Path}: {Reason}", metricsPath, e.Message);
                var problem = $"Not saved to {ModelCatalog.EnsembleId}/metrics.json: {ServerPaths.WithoutDirectory(e.Message, registry.ModelsDirectory)}";
                unsavedEnsemble = (Versions(members), metrics, problem);
                SetEvaluation(new EnsembleEvaluation(EvaluationState.Current, 1, $"{Describe(metrics, members.Count)} {problem}"));
                return;
            }

            SetEvaluation(new EnsembleEvaluation(EvaluationState.Current, 1, Describe(metrics, members.Count)));
        }
        finally
        {
            Release(members);
        }
    }

    private async Task<TestMetrics> EvaluateAsync(IReadOnlyList<LoadedModel> members, LabeledImages images, byte[] labels)
    {
        var names = string.Join(", ", members.Select(m => m.ModelId));
        var running = $"Evaluating the ensemble ({names}) on {images.Count:N0} test images…";
        SetEvaluation(new EnsembleEvaluation(EvaluationState.Running, 0, running));
        var progress = new ThrottledProgress((double)images.Count * members.Count, fraction =>
            SetEvaluation(new EnsembleEvaluation(EvaluationState.Running, fraction, $"{running} {fraction.ToString("P0", CultureInfo.InvariantCulture)}")));
        var outputs = new Dictionary<LoadedModel, float[]>(ReferenceEqualityComparer.Instance);
        foreach (var member in members)
        {
            outputs[member] = await ProbabilitiesAsync(member, images, progress.Add);
        }

        var probabilities = SoftVote(members, outputs);
        return TestMetrics.Compute(ModelCatalog.EnsembleId, "mnist-test", labels, probabilities, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The soft vote of <paramref name="members"/> (one member: its own probabilities), 10 per image, from each
    /// member's probabilities on every image (<see cref="ProbabilitiesAsync"/>).
    /// </summary>
    private static float[] SoftVote(IReadOnlyList<LoadedModel> members, IReadOnlyDictionary<LoadedModel, float[]> outputs) =>
        Ensemble.Average(members.Select(member => outputs[member]).ToArray());

    /// <summary>
    /// A model's ONNX outputs on every image, computed in batches of <see cref="BatchSize"/>, each on a core taken as
    /// background work; <paramref name="imagesDone"/> hears of every batch.
    /// </summary>
    private async Task<float[]> ProbabilitiesAsync(LoadedModel model, LabeledImages images, Action<int> imagesDone)
    {
        var result = new float[images.Count * MnistGeometry.ClassCount];
        for (var start = 0; start < images.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, images.Count - start);
            var batch = new float[count * MnistGeometry.PixelCount];
            for (var i = 0; i < count; i++)
            {
                images.CopyImageAsFloats(start + i, batch.AsSpan(i * MnistGeometry.PixelCount));
            }

            using (await cores.ForBackgroundAsync(CancellationToken.None))
            {
                model.PredictBatch(batch, count).CopyTo(result, start * MnistGeometry.ClassCount);
            }

            imagesDone(count);
        }

        return result;
    }

    /// <summary>
    /// Scores every loaded model alone and the ensemble of the loaded CNNs on the rendered pen digits;
    /// a score is kept while the model files it came from are unchanged.
    /// </summary>
    private async Task EvaluatePenDigitsAsync(PenDigitsSnapshot pen)
    {
        if (pen.Images is not { Labels: { } labels } images)
        {
            penScores.ForgetAllBut(keep: new HashSet<string>());
            SetPenEvaluation(new EnsembleEvaluation(EvaluationState.Unavailable, 0, pen.Problem ?? "The pen digits are not loaded."));
            return;
        }

        var loaded = Acquire(ModelCatalog.All);
        try
        {
            var members = loaded.Where(m => Ensemble.Members.Any(s => s.Id == m.ModelId)).ToArray();
            var scored = loaded.Select(m => (Id: m.ModelId, Members: (IReadOnlyList<LoadedModel>)[m])).ToList();
            if (members.Length > 0)
            {
                scored.Add((ModelCatalog.EnsembleId, members));
            }

            penScores.MeasuringOn(images);
            var forgotten = penScores.ForgetAllBut(keep: scored.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
            if (scored.Count == 0)
            {
                SetPenEvaluation(new EnsembleEvaluation(EvaluationState.Unavailable, 0, "No trained model yet: nothing to measure on the pen digits."));
                return;
            }

            var stale = scored.Where(s => !penScores.IsCurrent(s.Id, Versions(s.Members))).ToArray();
            var staleIds = string.Join(", ", stale.Select(s => s.Id));
            if (stale.Length > 0 && WaitsForTraining())
            {
                SetPenEvaluation(Waiting($"{staleIds} will be measured on the {images.Count:N0} pen digits"));
                SetVariationsEvaluation(Waiting("The pen digits written differently are measured after them"));
                return;
            }

            if (stale.Length > 0)
            {
                var running = $"Measuring {staleIds} on {images.Count:N0} real pen digits from {pen.SourceName}…";
                SetPenEvaluation(new EnsembleEvaluation(EvaluationState.Running, 0, running));
                // The ensemble averages the probabilities its members have just given alone: each model runs once.
                var computed = new Dictionary<LoadedModel, float[]>(ReferenceEqualityComparer.Instance);
                var progress = new ThrottledProgress((double)images.Count * stale.SelectMany(s => s.Members).Distinct().Count(), fraction =>
                    SetPenEvaluation(new EnsembleEvaluation(EvaluationState.Running, fraction, $"{running} {fraction.ToString("P0", CultureInfo.InvariantCulture)}")));
                var watch = Stopwatch.StartNew();
                foreach (var (id, models) in stale)
                {
                    foreach (var model in models.Where(m => !computed.ContainsKey(m)))
                    {
                        computed[model] = await ProbabilitiesAsync(model, images, progress.Add);
                    }

                    var probabilities = SoftVote(models, computed);
                    var metrics = TestMetrics.Compute(id, PenDigitSet.DatasetName, labels, probabilities, DateTimeOffset.UtcNow);
                    penScores.Record(id, Versions(models), metrics);
                    Raise();
                }

                logger.LogInformation("Measured {Models} on {Count} pen digits in {Seconds:0.0} s", stale.Length, images.Count, watch.Elapsed.TotalSeconds);
            }

            if (stale.Length > 0 || forgotten)
            {
                penScores.Store();
            }

            SetPenEvaluation(new EnsembleEvaluation(EvaluationState.Current, 1,
                $"{loaded.Count} model{(loaded.Count == 1 ? "" : "s")}{(members.Length > 0 ? " and the ensemble" : "")} measured on " +
                $"{images.Count:N0} real pen digits from {pen.SourceName}."));
            try
            {
                await MeasureVariationsAsync(pen.Set!, images, scored);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Measuring the models on the pen digits written differently failed");
                SetVariationsEvaluation(new EnsembleEvaluation(EvaluationState.Failed, 0,
                    $"The measurement on the pen digits written differently failed: {ServerPaths.WithoutDirectory(e.Message, registry.ModelsDirectory)}"));
            }
        }
        finally
        {
            Release(loaded);
        }
    }

    /// <summary>
    /// Measures each of <paramref name="scored"/> whose score on these files lacks them on the pen digits written each
    /// other way (<see cref="PenDigitVariation.Standard"/>): how it may fare with people the file lacks. The digits are
    /// written anew once per file, on one thread; each model runs once per variation.
    /// </summary>
    private async Task MeasureVariationsAsync(
        PenDigitSet set, LabeledImages asWritten, IReadOnlyList<(string Id, IReadOnlyList<LoadedModel> Members)> scored)
    {
        var variations = PenDigitVariation.Standard.Where(v => v != PenDigitVariation.AsWritten).ToArray();
        var names = variations.Select(v => v.Name).ToArray();
        var stale = scored.Where(s => !penScores.HasVariations(s.Id, Versions(s.Members), names)).ToArray();
        var staleIds = string.Join(", ", stale.Select(s => s.Id));
        if (stale.Length > 0 && WaitsForTraining())
        {
            SetVariationsEvaluation(Waiting($"{staleIds} will be measured on the pen digits written {variations.Length} other ways"));
            return;
        }

        if (stale.Length > 0)
        {
            var running = $"Measuring {staleIds} on the {asWritten.Count:N0} pen digits written {variations.Length} other ways…";
            SetVariationsEvaluation(new EnsembleEvaluation(EvaluationState.Running, 0, running));
            var models = stale.SelectMany(s => s.Members).Distinct().ToArray();
            var progress = new ThrottledProgress((double)asWritten.Count * variations.Length * (models.Length + 1), fraction =>
                SetVariationsEvaluation(new EnsembleEvaluation(EvaluationState.Running, fraction, $"{running} {fraction.ToString("P0", CultureInfo.InvariantCulture)}")));
            var watch = Stopwatch.StartNew();
            var accuracy = stale.ToDictionary(s => s.Id, _ => new List<VariationAccuracy>(), StringComparer.Ordinal);
            for (var v = 0; v < variations.Length; v++)
            {
                var images = await VariationImagesAsync(set, asWritten, v, variations);
                progress.Add(images.Count);
                var computed = new Dictionary<LoadedModel, float[]>(ReferenceEqualityComparer.Instance);
                foreach (var model in models)
                {
                    computed[model] = await ProbabilitiesAsync(model, images, progress.Add);
                }

                foreach (var (id, members) in stale)
                {
                    var metrics = TestMetrics.Compute(id, variations[v].Name, images.Labels!, SoftVote(members, computed), DateTimeOffset.UtcNow);
                    accuracy[id].Add(new VariationAccuracy(variations[v].Name, metrics.Accuracy));
                }
            }

            foreach (var (id, members) in stale)
            {
                penScores.RecordVariations(id, Versions(members), accuracy[id]);
            }

            penScores.Store();
            logger.LogInformation("Measured {Models} on the pen digits written {Variations} other ways in {Seconds:0.0} s",
                stale.Length, variations.Length, watch.Elapsed.TotalSeconds);
        }

        SetVariationsEvaluation(new EnsembleEvaluation(EvaluationState.Current, 1,
            $"Measured on the {asWritten.Count:N0} pen digits written {variations.Length} other ways."));
    }

    /// <summary>The pen digits written as <paramref name="variations"/>[<paramref name="index"/>], rendered once per file on a background core.</summary>
    private async Task<LabeledImages> VariationImagesAsync(PenDigitSet set, LabeledImages asWritten, int index, IReadOnlyList<PenDigitVariation> variations)
    {
        if (!ReferenceEquals(variationsOf, asWritten))
        {
            variationsOf = asWritten;
            variationImages = new LabeledImages?[variations.Count];
        }

        if (variationImages[index] is not { } images)
        {
            using (await cores.ForBackgroundAsync(CancellationToken.None))
            {
                images = variationImages[index] = set.Render(variations[index], maxThreads: 1);
            }
        }

        return images;
    }

    /// <summary>
    /// Whether a training is writing into the models directory now, so that what is stale waits for its end; one
    /// watcher then looks every <see cref="TrainingPollInterval"/> and measures again when the training has ended.
    /// </summary>
    private bool WaitsForTraining()
    {
        if (!TrainingLock.IsTrainingIn(registry.ModelsDirectory))
        {
            return false;
        }

        lock (gate)
        {
            afterTraining ??= Task.Run(MeasureWhenTrainingEndsAsync);
        }

        return true;
    }

    private static EnsembleEvaluation Waiting(string what) =>
        new(EvaluationState.Waiting, 0, $"{what} when the training writing the models now ends (beside it, it would slow the training down).");

    private async Task MeasureWhenTrainingEndsAsync()
    {
        while (TrainingLock.IsTrainingIn(registry.ModelsDirectory))
        {
            await Task.Delay(TrainingPollInterval);
        }

        Task? current;
        lock (gate)
        {
            afterTraining = null;
            current = running;
        }

        if (current is not null)
        {
            await current; // the run that waited; it reports its own failures
        }

        EnsureMeasured();
    }

    /// <summary>Leases each of <paramref name="specs"/> that is loaded now; the caller releases them.</summary>
    private IReadOnlyList<LoadedModel> Acquire(IEnumerable<ModelSpec> specs) =>
        specs.Select(spec => registry.Acquire(spec.Id)).OfType<LoadedModel>().ToArray();

    private static void Release(IEnumerable<LoadedModel> models)
    {
        foreach (var model in models)
        {
            model.Release();
        }
    }

    /// <summary>Which files the models were loaded from: id, size and write time to the tick (FileStamp's text shows only seconds).</summary>
    private static string Versions(IReadOnlyList<LoadedModel> models) =>
        string.Join(";", models.Select(m => FormattableString.Invariant($"{m.ModelId}@{m.Stamp.Length}:{m.Stamp.LastWriteUtc.Ticks}")));

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

    private void SetEvaluation(EnsembleEvaluation next)
    {
        lock (gate)
        {
            evaluation = next;
        }

        Raise();
    }

    private void SetVariationsEvaluation(EnsembleEvaluation next)
    {
        lock (gate)
        {
            variationsEvaluation = next;
        }

        Raise();
    }

    private void SetPenEvaluation(EnsembleEvaluation next)
    {
        lock (gate)
        {
            penEvaluation = next;
        }

        Raise();
    }

    private void Raise() => Changed?.Invoke();

    /// <summary>Reports the share of work done, at most four times a second.</summary>
    private sealed class ThrottledProgress(double total, Action<double> report)
    {
        private readonly Stopwatch sinceReport = Stopwatch.StartNew();
        private double done;

        public void Add(int count)
        {
            done += count;
            if (sinceReport.ElapsedMilliseconds > 250)
            {
                sinceReport.Restart();
                report(Math.Min(1, done / total));
            }
        }
    }
}
