using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Telemetry;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// Runs every loaded ONNX model on an image and adds the soft-vote ensemble of the CNNs. The models run
/// one after the other or side by side as <see cref="ModelsOptions.Concurrency"/> says; with
/// <see cref="ModelsOptions.MaxBatchSize"/> above 1, concurrent asynchronous classifications share batched
/// runs instead (<see cref="ModelBatcher"/>).
/// </summary>
public sealed class OnnxDigitClassifier : IDigitClassifier, IDisposable
{
    private readonly ModelRegistry registry;
    private readonly ILogger<OnnxDigitClassifier> logger;
    private readonly ModelConcurrency concurrency;

    // The last run time of each model: side by side, the slowest starts first so the cores finish together.
    private readonly ConcurrentDictionary<string, TimeSpan> lastRunTimes = new(StringComparer.Ordinal);
    private int classificationsRunning;

    private readonly int maxBatchSize;
    private readonly ConcurrentDictionary<string, Lazy<ModelBatcher>> batchers = new(StringComparer.Ordinal);
    private readonly InferenceCores cores;
    private int disposed;

    private readonly InferenceQueueMetrics? queueMetrics;

    public OnnxDigitClassifier(
        ModelRegistry registry,
        ILogger<OnnxDigitClassifier> logger,
        IOptions<ModelsOptions>? options = null,
        InferenceQueueMetrics? queueMetrics = null,
        InferenceCores? cores = null)
    {
        this.cores = cores ?? new InferenceCores();
        this.registry = registry;
        this.queueMetrics = queueMetrics;
        this.logger = logger;
        var settings = options?.Value ?? new ModelsOptions();
        concurrency = settings.Concurrency;
        maxBatchSize = settings.MaxBatchSize;
        registry.Changed += RaiseModelsChanged;
    }

    public event Action? ModelsChanged;

    /// <summary>The models folder's name (shown on pages; the absolute path stays on the server).</summary>
    public string ModelsDirectory => Path.GetFileName(registry.ModelsDirectory);

    /// <summary>Changes whenever a model's session or status changes: what results computed with the models are keyed by.</summary>
    public string ModelsVersion => registry.Version;

    public IReadOnlyList<ModelStatus> Models
    {
        get
        {
            var statuses = registry.Statuses;
            return [.. statuses, Ensemble.Status(statuses) with { TestAccuracy = registry.EnsembleAccuracy }];
        }
    }

    public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        if (pixels.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        var copy = pixels.ToArray();
        return maxBatchSize > 1
            ? ClassifyBatchedAsync(copy, cancellationToken)
            : Task.Run(() => Classify(copy, cancellationToken), cancellationToken);
    }

    private async Task<DigitClassification> ClassifyBatchedAsync(float[] pixels, CancellationToken cancellationToken)
    {
        var statuses = registry.Statuses;
        var answers = statuses.Select(s => s.IsReady ? BatcherOf(s.ModelId).RunAsync(pixels, cancellationToken) : null).ToArray();
        var verdicts = new List<ModelVerdict>(statuses.Count + 1);
        for (var i = 0; i < statuses.Count; i++)
        {
            if (answers[i] is not { } pending)
            {
                verdicts.Add(ModelVerdict.WithoutAnswer(statuses[i]));
                continue;
            }

            var answer = await pending;
            verdicts.Add(answer.Probabilities is { } probabilities
                ? Checked(statuses[i], probabilities, answer.Elapsed, answer.Familiarity)
                : Failed(statuses[i], answer.Failure ?? "no answer"));
        }

        verdicts.Add(Ensemble.Verdict(verdicts, registry.EnsembleAccuracy));
        return new DigitClassification(verdicts);
    }

    private ModelBatcher BatcherOf(string modelId) =>
        batchers.GetOrAdd(modelId, id => new Lazy<ModelBatcher>(() => new ModelBatcher(
            (pixels, count) => RunBatch(id, pixels, count), cores, maxBatchSize, maxQueuedImages: maxBatchSize * 8,
            queueMetrics is null ? null : images => queueMetrics.QueueChanged(id, images)))).Value;

    private ModelAnswers RunBatch(string modelId, float[] pixels, int count)
    {
        var model = registry.Acquire(modelId) ?? throw new InvalidOperationException("the model is being reloaded.");
        try
        {
            return model.AnswerBatch(pixels, count);
        }
        finally
        {
            model.Release();
        }
    }

    /// <summary>Every model's verdict on one 784-pixel image (0..1, 1 = ink), the ensemble last.</summary>
    public DigitClassification Classify(ReadOnlySpan<float> pixels) => Classify(pixels, CancellationToken.None);

    /// <summary>The same; <paramref name="cancellationToken"/> stops before each model (a client that gave up).</summary>
    public DigitClassification Classify(ReadOnlySpan<float> pixels, CancellationToken cancellationToken)
    {
        if (pixels.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        var running = Interlocked.Increment(ref classificationsRunning);
        try
        {
            var statuses = registry.Statuses;
            var verdicts = RunsSideBySide(running)
                ? RunSideBySide(statuses, pixels.ToArray(), cancellationToken)
                : RunOneAfterAnother(statuses, pixels, cancellationToken);
            verdicts.Add(Ensemble.Verdict(verdicts, registry.EnsembleAccuracy));
            return new DigitClassification(verdicts);
        }
        finally
        {
            Interlocked.Decrement(ref classificationsRunning);
        }
    }

    /// <summary>
    /// Every model's verdict on each of <paramref name="count"/> images of 784 pixels (one after the other in
    /// <paramref name="pixels"/>), each model running once on all of them: far less work per image than one image at a
    /// time, for work nobody waits on image by image (measuring the saved drawings). Each verdict's time is its share of the run.
    /// </summary>
    public IReadOnlyList<DigitClassification> ClassifyAll(float[] pixels, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (count < 1 || pixels.Length != count * MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {count} x {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        var statuses = registry.Statuses;
        var verdicts = Enumerable.Range(0, count).Select(_ => new List<ModelVerdict>(statuses.Count + 1)).ToArray();
        foreach (var status in statuses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var modelVerdicts = Run(status, pixels, count, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                verdicts[i].Add(modelVerdicts[i]);
            }
        }

        return verdicts.Select(imageVerdicts =>
        {
            imageVerdicts.Add(Ensemble.Verdict(imageVerdicts, registry.EnsembleAccuracy));
            return new DigitClassification(imageVerdicts);
        }).ToArray();
    }

    /// <summary>
    /// Side by side needs about two cores per classification (the slowest model is about half the work), so
    /// under <see cref="ModelConcurrency.WhenIdle"/> it is used only while that many cores are free.
    /// </summary>
    private bool RunsSideBySide(int running) => concurrency switch
    {
        ModelConcurrency.Always => true,
        ModelConcurrency.WhenIdle => running * 2 <= Environment.ProcessorCount,
        _ => false,
    };

    private List<ModelVerdict> RunOneAfterAnother(IReadOnlyList<ModelStatus> statuses, ReadOnlySpan<float> pixels, CancellationToken cancellationToken)
    {
        var verdicts = new List<ModelVerdict>(statuses.Count + 1);
        foreach (var status in statuses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            verdicts.Add(RunOne(status, pixels));
        }

        return verdicts;
    }

    private List<ModelVerdict> RunSideBySide(IReadOnlyList<ModelStatus> statuses, float[] pixels, CancellationToken cancellationToken)
    {
        var verdicts = new ModelVerdict[statuses.Count];
        var slowestFirst = Enumerable.Range(0, statuses.Count)
            .OrderByDescending(i => lastRunTimes.GetValueOrDefault(statuses[i].ModelId))
            .ToArray();
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, statuses.Count),
        };

        // No buffering: each thread takes the next model only when it is free, so the order above holds.
        Parallel.ForEach(
            Partitioner.Create(slowestFirst, EnumerablePartitionerOptions.NoBuffering),
            parallel,
            i => verdicts[i] = RunOne(statuses[i], pixels));
        return [.. verdicts];
    }

    private ModelVerdict RunOne(ModelStatus status, ReadOnlySpan<float> pixels) => Run(status, pixels.ToArray(), 1, CancellationToken.None)[0];

    /// <summary>
    /// The model's verdict on each of <paramref name="count"/> images, from one run (each verdict's time its share of the
    /// run); without an answer for all of them when the model is not ready, is being reloaded or fails.
    /// </summary>
    private ModelVerdict[] Run(ModelStatus status, float[] pixels, int count, CancellationToken cancellationToken)
    {
        if (!status.IsReady)
        {
            return Enumerable.Repeat(ModelVerdict.WithoutAnswer(status), count).ToArray();
        }

        var model = registry.Acquire(status.ModelId);
        if (model is null)
        {
            // Replaced or lost between reading the status and leasing it.
            var reloading = status with { Availability = ModelAvailability.Unavailable, Reason = "The model is being reloaded." };
            return Enumerable.Repeat(ModelVerdict.WithoutAnswer(reloading), count).ToArray();
        }

        try
        {
            var watch = Stopwatch.StartNew();
            var answers = model.AnswerBatch(pixels, count, cancellationToken);
            var elapsed = watch.Elapsed / count;
            lastRunTimes[status.ModelId] = elapsed;
            return Enumerable.Range(0, count).Select(i => Checked(
                status,
                count == 1 ? answers.Probabilities : answers.Probabilities[(i * MnistGeometry.ClassCount)..((i + 1) * MnistGeometry.ClassCount)],
                elapsed,
                answers.Familiarities?[i])).ToArray();
        }
        catch (Exception e) when (e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Model {ModelId} failed on {Count} image(s)", status.ModelId, count);
            return Enumerable.Repeat(Failed(status, e.Message), count).ToArray();
        }
        finally
        {
            model.Release();
        }
    }

    private static ModelVerdict Checked(ModelStatus status, float[] probabilities, TimeSpan elapsed, Familiarity? familiarity) =>
        probabilities.Any(p => !float.IsFinite(p))
            ? ModelVerdict.WithoutAnswer(status with { Availability = ModelAvailability.Unavailable, Reason = "The model returned NaN or infinite probabilities." })
            : new ModelVerdict(status, probabilities, elapsed) { Familiarity = familiarity is { Distance: var d } && float.IsFinite(d) ? familiarity : null };

    private static ModelVerdict Failed(ModelStatus status, string reason) =>
        ModelVerdict.WithoutAnswer(status with { Availability = ModelAvailability.Unavailable, Reason = $"Inference failed: {reason}" });

    private void RaiseModelsChanged() => ModelsChanged?.Invoke();

    /// <summary>Safe to call more than once (the container disposes it under both of its registrations).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        registry.Changed -= RaiseModelsChanged;
        foreach (var batcher in batchers.Values.Where(b => b.IsValueCreated))
        {
            batcher.Value.Dispose();
        }
    }
}
