using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// Holds one ONNX session per catalogue model for the app's lifetime and reloads a model when
/// <see cref="ModelFolders"/> sees its files change. A missing model, or one whose first file is broken,
/// is reported with the reason; the others keep working. A broken new file never replaces a working
/// session (the previous version keeps serving, the status says why the new file was refused).
/// Reasons name files as "model-id/model.onnx", never by the server's absolute path.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly ModelFolders folders;
    private readonly ILogger<ModelRegistry> logger;
    private readonly Lock gate = new();
    private readonly Dictionary<string, LoadedModel> loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelStatus> statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> reloadGates = new(StringComparer.Ordinal);
    private double? ensembleAccuracy;
    private bool disposed;

    public ModelRegistry(ModelFolders folders, ILogger<ModelRegistry> logger)
    {
        this.folders = folders;
        this.logger = logger;
        foreach (var spec in ModelCatalog.All)
        {
            Reload(spec.Id, notify: false);
        }

        ensembleAccuracy = AccuracyOf(folders[ModelCatalog.EnsembleId]);
        folders.FolderChanged += OnFolderChanged;
    }

    public string ModelsDirectory => folders.ModelsDirectory;

    /// <summary><see cref="ModelFolders.DirectoryProblem"/>.</summary>
    public string? DirectoryProblem => folders.DirectoryProblem;

    /// <summary>The ensemble's measured test accuracy (models/ensemble/metrics.json), when present.</summary>
    public double? EnsembleAccuracy
    {
        get
        {
            lock (gate)
            {
                return ensembleAccuracy;
            }
        }
    }

    /// <summary>
    /// Which model files are being served: each model's file stamp (size, write time) and status.
    /// Equal values mean the same sessions answer.
    /// </summary>
    public string Version
    {
        get
        {
            lock (gate)
            {
                return string.Join(";", ModelCatalog.All.Select(spec =>
                    $"{spec.Id}={(loaded.TryGetValue(spec.Id, out var model) ? $"{model.Stamp.Length}@{model.Stamp.LastWriteUtc.Ticks}" : "-")}/{statuses[spec.Id].Availability}"));
            }
        }
    }

    /// <summary>Raised after any model was loaded, replaced or lost.</summary>
    public event Action? Changed;

    /// <summary>Status of each catalogue model, in catalogue order.</summary>
    public IReadOnlyList<ModelStatus> Statuses
    {
        get
        {
            lock (gate)
            {
                return ModelCatalog.All.Select(spec => statuses[spec.Id]).ToArray();
            }
        }
    }

    /// <summary>Leases a model's session; the caller must <see cref="LoadedModel.Release"/> it. Null when unavailable.</summary>
    public LoadedModel? Acquire(string modelId)
    {
        lock (gate)
        {
            return loaded.TryGetValue(modelId, out var model) && model.TryAcquire() ? model : null;
        }
    }

    /// <summary>
    /// Loads the model's current file (if it changed) and swaps it in. Reloads of one model run one
    /// at a time, each reading the file as it is when it starts, so the newest file always wins. A
    /// file that fails to load does not replace a working session: the previous version goes on
    /// serving and the status says why the new file was refused.
    /// </summary>
    public void Reload(string modelId, bool notify = true)
    {
        var spec = ModelCatalog.Get(modelId);
        lock (ReloadGate(spec.Id))
        {
            ReloadSerialized(spec, notify);
        }
    }

    private object ReloadGate(string modelId)
    {
        lock (gate)
        {
            if (!reloadGates.TryGetValue(modelId, out var reloadGate))
            {
                reloadGates[modelId] = reloadGate = new object();
            }

            return reloadGate;
        }
    }

    private void ReloadSerialized(ModelSpec spec, bool notify)
    {
        var modelId = spec.Id;
        var files = ModelFiles.For(ModelsDirectory, spec);
        var path = files.Onnx;
        var fileName = $"{spec.Id}/{Path.GetFileName(path)}";

        // The ONNX file and its metrics come from one read of the folder under the activation lock, so a
        // version being activated is seen either before or after the switch, never half-way.
        OnnxStamps? loadedStamps;
        lock (gate)
        {
            loadedStamps = loaded.TryGetValue(modelId, out var current) ? current.Sources : null;
        }

        var read = folders.ReadForLoading(modelId, loadedStamps);
        var stamps = read.Folder.Stamps;
        var stamp = stamps.Fp32;
        var accuracy = AccuracyOf(read.Folder);
        var content = read.Content;
        var readFailure = read.ReadFailure;

        bool sameStamp;
        bool accuracyChanged;
        lock (gate)
        {
            sameStamp = loaded.TryGetValue(modelId, out var current) && stamps == current.Sources;
            accuracyChanged = statuses.TryGetValue(modelId, out var known) && known.TestAccuracy != accuracy;
            if (sameStamp)
            {
                current!.TestAccuracy = accuracy;
                statuses[modelId] = statuses[modelId] with { TestAccuracy = accuracy };
            }
        }

        if (sameStamp)
        {
            // The session is current; only the metrics may have changed.
            if (accuracyChanged && notify)
            {
                Changed?.Invoke();
            }

            return;
        }

        LoadedModel? replacement = null;
        ModelStatus status;
        string? failure = readFailure;
        if (stamp is not { } fileStamp)
        {
            status = new ModelStatus(spec.Id, spec.DisplayName, ModelAvailability.NotTrained,
                DirectoryProblem ?? $"No {Path.GetFileName(path)} in the models directory's {spec.Id}/ folder.");
        }
        else
        {
            var int8Refusal = content is null ? null : TryLoadInt8(spec, files, stamps, content, read, out replacement);
            if (replacement is null && content is not null)
            {
                try
                {
                    replacement = LoadedModel.Load(spec.Id, content, fileName, fileStamp, stamps);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failure = WithoutPath(e.Message);
                }
            }

            if (replacement is not null)
            {
                replacement.TestAccuracy = accuracy;
                logger.LogInformation("Loaded model {ModelId} from {Path}", spec.Id, Path.Combine(files.Directory, replacement.FileName));
            }

            status = replacement is not null
                ? new ModelStatus(spec.Id, spec.DisplayName, ModelAvailability.Ready, int8Refusal is null ? null : $"{Fp32FallbackNote}{int8Refusal}")
                : new ModelStatus(spec.Id, spec.DisplayName, ModelAvailability.Unavailable, failure);
        }

        LoadedModel? retired = null;
        var keptPrevious = false;
        lock (gate)
        {
            if (disposed)
            {
                replacement?.Retire();
                return;
            }

            if (replacement is null && stamp is not null && loaded.TryGetValue(modelId, out var previous))
            {
                // A broken or half-written file: keep serving the last good session (with its own metrics).
                keptPrevious = true;
                statuses[modelId] = new ModelStatus(
                    spec.Id, spec.DisplayName, ModelAvailability.Ready, $"{PreviousVersionNote}{failure}") with { TestAccuracy = previous.TestAccuracy };
            }
            else
            {
                loaded.Remove(modelId, out retired);
                if (replacement is not null)
                {
                    loaded[modelId] = replacement;
                }

                statuses[modelId] = status with { TestAccuracy = accuracy };
            }
        }

        if (keptPrevious)
        {
            logger.LogWarning("Model {ModelId}: the new file failed ({Reason}); serving the previous version", spec.Id, failure);
        }
        else if (replacement is null && failure is not null)
        {
            logger.LogWarning("Model {ModelId} is unavailable: {Reason}", spec.Id, failure);
        }

        retired?.Retire();
        if (notify)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// Loads model.int8.onnx when <see cref="ModelsOptions.Precision"/> wants it and it was read; returns why it was
    /// refused (the caller then loads model.onnx), or null when it loaded or was not wanted.
    /// </summary>
    private string? TryLoadInt8(ModelSpec spec, ModelFiles files, OnnxStamps stamps, byte[] fp32Content, OnnxRead read, out LoadedModel? int8)
    {
        int8 = null;
        if (!folders.PrefersInt8)
        {
            return null;
        }

        var int8Name = $"{spec.Id}/{Path.GetFileName(files.Int8Onnx)}";
        string reason;
        if (IsBeingWritten(stamps))
        {
            // A training writes model.onnx, then calibrates and writes the int8 file a few seconds later.
            logger.LogInformation("Model {ModelId}: running model.onnx (fp32) until the training writing the models writes {File} for it", spec.Id, int8Name);
            return null;
        }

        if (stamps.Int8 is not { } int8Stamp)
        {
            logger.LogInformation("Model {ModelId}: no {File}; running model.onnx (fp32). Write it with: Training quantize --model {ModelId}", spec.Id, int8Name, spec.Id);
            return null;
        }

        if (read.Int8Content is not { } int8Content)
        {
            reason = read.Int8ReadFailure ?? $"{int8Name} could not be read.";
        }
        else
        {
            try
            {
                int8 = LoadedModel.LoadInt8(spec.Id, int8Content, int8Name, int8Stamp, fp32Content, stamps, ModelPrecisions.CpuHasInt8DotProducts);
                return null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reason = WithoutPath(e.Message);
            }
        }

        logger.LogWarning("Model {ModelId}: the int8 file is refused ({Reason}); running model.onnx (fp32)", spec.Id, reason);
        return reason;
    }

    /// <summary>Whether the int8 file is missing or older than model.onnx while a training holds the models directory.</summary>
    private bool IsBeingWritten(OnnxStamps stamps) =>
        (stamps.Int8 is not { } int8 || stamps.Fp32 is { } fp32 && int8.LastWriteUtc < fp32.LastWriteUtc)
        && TrainingLock.IsHeld(ModelsDirectory);

    /// <summary>How the status of a model begins when its int8 file was refused and model.onnx serves instead.</summary>
    public const string Fp32FallbackNote = "Running model.onnx (fp32); the int8 file was refused: ";

    /// <summary>The file a model's session runs (model.onnx or model.int8.onnx), or null when none is loaded.</summary>
    public string? ServedFile(string modelId)
    {
        lock (gate)
        {
            return loaded.TryGetValue(modelId, out var model) ? model.FileName : null;
        }
    }

    /// <summary>How the status of a model begins when a new file failed and the previous session goes on serving.</summary>
    public const string PreviousVersionNote = "Serving the previous version; the new file failed: ";

    /// <summary>A reason as people see it: the models directory's absolute path removed.</summary>
    private string WithoutPath(string message) =>
        message.Replace(ModelsDirectory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)
            .Replace(ModelsDirectory, "models directory", StringComparison.Ordinal);

    private void OnFolderChanged(ModelFolder folder)
    {
        if (folder.ModelId != ModelCatalog.EnsembleId)
        {
            Reload(folder.ModelId);
            return;
        }

        var accuracy = AccuracyOf(folder);
        bool changed;
        lock (gate)
        {
            changed = ensembleAccuracy != accuracy;
            ensembleAccuracy = accuracy;
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private static double? AccuracyOf(ModelFolder folder) => folder.Records.Metrics.Value?.Accuracy;

    public void Dispose()
    {
        List<LoadedModel> models;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            models = [.. loaded.Values];
            loaded.Clear();
        }

        folders.FolderChanged -= OnFolderChanged;
        foreach (var model in models)
        {
            model.Retire();
        }
    }
}
