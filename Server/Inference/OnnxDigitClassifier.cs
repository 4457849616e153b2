using System.Diagnostics;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>Runs every loaded ONNX model on an image and adds the soft-vote ensemble of the CNNs.</summary>
public sealed class OnnxDigitClassifier : IDigitClassifier, IDisposable
{
    private readonly ModelRegistry registry;
    private readonly ILogger<OnnxDigitClassifier> logger;

    public OnnxDigitClassifier(ModelRegistry registry, ILogger<OnnxDigitClassifier> logger)
    {
        this.registry = registry;
        this.logger = logger;
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
        var copy = pixels.ToArray();
        return Task.Run(() => Classify(copy, cancellationToken), cancellationToken);
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

        var verdicts = new List<ModelVerdict>(ModelCatalog.All.Count + 1);
        foreach (var status in registry.Statuses)
        {
            cancellationToken.ThrowIfCancellationRequested();
            verdicts.Add(RunOne(status, pixels));
        }

        verdicts.Add(Ensemble.Verdict(verdicts, registry.EnsembleAccuracy));
        return new DigitClassification(verdicts);
    }

    private ModelVerdict RunOne(ModelStatus status, ReadOnlySpan<float> pixels)
    {
        if (!status.IsReady)
        {
            return ModelVerdict.WithoutAnswer(status);
        }

        var model = registry.Acquire(status.ModelId);
        if (model is null)
        {
            // Replaced or lost between reading the status and leasing it.
            return ModelVerdict.WithoutAnswer(status with { Availability = ModelAvailability.Unavailable, Reason = "The model is being reloaded." });
        }

        try
        {
            var watch = Stopwatch.StartNew();
            var probabilities = model.Predict(pixels);
            watch.Stop();
            if (probabilities.Any(p => !float.IsFinite(p)))
            {
                return ModelVerdict.WithoutAnswer(status with { Availability = ModelAvailability.Unavailable, Reason = "The model returned NaN or infinite probabilities." });
            }

            return new ModelVerdict(status, probabilities, watch.Elapsed);
        }
        catch (Exception e) when (e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ObjectDisposedException)
        {
            logger.LogWarning(e, "Model {ModelId} failed on an image", status.ModelId);
            return ModelVerdict.WithoutAnswer(status with { Availability = ModelAvailability.Unavailable, Reason = $"Inference failed: {e.Message}" });
        }
        finally
        {
            model.Release();
        }
    }

    private void RaiseModelsChanged() => ModelsChanged?.Invoke();

    public void Dispose() => registry.Changed -= RaiseModelsChanged;
}
