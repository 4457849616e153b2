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
            return [.. statuses, EnsembleStatus(statuses) with { TestAccuracy = registry.EnsembleAccuracy }];
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

        verdicts.Add(Ensemble(verdicts));
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

    /// <summary>The average of the CNNs' probabilities (soft vote), over the members that answered.</summary>
    private ModelVerdict Ensemble(IReadOnlyList<ModelVerdict> verdicts)
    {
        var members = ModelCatalog.EnsembleMembers.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var memberVerdicts = verdicts.Where(v => members.Contains(v.ModelId)).ToArray();
        var answered = memberVerdicts.Where(v => v.HasAnswer).ToArray();
        var status = EnsembleStatus(memberVerdicts.Select(v => v.Status).ToArray()) with { TestAccuracy = registry.EnsembleAccuracy };
        if (answered.Length == 0)
        {
            return ModelVerdict.WithoutAnswer(status with
            {
                Availability = status.IsReady ? ModelAvailability.Unavailable : status.Availability,
                Reason = status.IsReady ? "No member answered." : status.Reason,
            });
        }

        var average = new float[MnistGeometry.ClassCount];
        foreach (var verdict in answered)
        {
            for (var digit = 0; digit < average.Length; digit++)
            {
                average[digit] += verdict.Probabilities![digit] / answered.Length;
            }
        }

        var time = TimeSpan.FromTicks(answered.Sum(v => v.InferenceTime.Ticks));
        var note = answered.Length == memberVerdicts.Length
            ? null
            : $"{answered.Length} of {memberVerdicts.Length} CNNs available";
        return new ModelVerdict(status with { Reason = note }, average, time);
    }

    private static ModelStatus EnsembleStatus(IReadOnlyList<ModelStatus> statuses)
    {
        var members = ModelCatalog.EnsembleMembers.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var memberStatuses = statuses.Where(s => members.Contains(s.ModelId)).ToArray();
        var ready = memberStatuses.Count(s => s.IsReady);
        var (availability, reason) = ready switch
        {
            0 when memberStatuses.All(s => s.Availability == ModelAvailability.NotTrained) =>
                (ModelAvailability.NotTrained, "Needs at least one trained CNN."),
            0 => (ModelAvailability.Unavailable, "None of the CNNs is available."),
            _ when ready < memberStatuses.Length => (ModelAvailability.Ready, (string?)$"{ready} of {memberStatuses.Length} CNNs available"),
            _ => (ModelAvailability.Ready, (string?)null),
        };
        return new ModelStatus(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, availability, reason);
    }

    private void RaiseModelsChanged() => ModelsChanged?.Invoke();

    public void Dispose() => registry.Changed -= RaiseModelsChanged;
}
