using Microsoft.Extensions.Options;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// Keeps every model's history.json, metrics.json, card.json and ONNX size current. The registry's
/// watcher of the models directory triggers a (debounced) re-read; a timer polls as a fallback for file
/// systems without events. Only files whose size or write time changed are read again, and a broken
/// file affects only its own model.
/// </summary>
public sealed class ModelRecordsWatcher : IModelRecords, IDisposable
{
    private static readonly IReadOnlyList<(string Id, string Name)> Folders =
        [.. ModelCatalog.All.Select(m => (m.Id, m.DisplayName)), (ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName)];

    private readonly string modelsDirectory;
    private readonly ModelRegistry? registry;
    private readonly ILogger<ModelRecordsWatcher> logger;
    private readonly TimeSpan readDelay;
    private readonly Lock gate = new();
    private readonly Dictionary<string, FolderState> folders = new(StringComparer.Ordinal);
    private readonly Timer pollTimer;
    private readonly Timer debounceTimer;
    private IReadOnlyList<ModelRecords> models = [];
    private ModelRecords ensemble;
    private bool disposed;

    public ModelRecordsWatcher(ModelRegistry registry, IOptions<InsightsOptions> options, ILogger<ModelRecordsWatcher> logger)
        : this(registry.ModelsDirectory, options.Value, logger, registry)
    {
    }

    public ModelRecordsWatcher(string modelsDirectory, InsightsOptions options, ILogger<ModelRecordsWatcher> logger, ModelRegistry? registry = null)
    {
        this.modelsDirectory = modelsDirectory;
        this.logger = logger;
        this.registry = registry;
        readDelay = options.ReadDelay;
        ensemble = Empty(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName);
        Refresh();
        debounceTimer = new Timer(_ => SafeRefresh(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        pollTimer = new Timer(_ => SafeRefresh(), null, options.PollInterval, options.PollInterval);
        if (registry is not null)
        {
            registry.FileChanged += OnFileChanged;
        }
    }

    public string ModelsDirectory => modelsDirectory;

    public IReadOnlyList<ModelRecords> Models
    {
        get
        {
            lock (gate)
            {
                return models;
            }
        }
    }

    public ModelRecords Ensemble
    {
        get
        {
            lock (gate)
            {
                return ensemble;
            }
        }
    }

    public event Action? Changed;

    /// <summary>Reads whatever changed since the last look; raises <see cref="Changed"/> when anything did.</summary>
    public void Refresh()
    {
        var changed = false;
        var updated = new List<ModelRecords>(Folders.Count);
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            foreach (var (id, name) in Folders)
            {
                if (!folders.TryGetValue(id, out var state))
                {
                    state = folders[id] = new FolderState(new ModelFiles(modelsDirectory, id), Empty(id, name));
                    changed = true;
                }

                changed |= state.Update(logger);
                updated.Add(state.Records);
            }

            models = updated.Take(ModelCatalog.All.Count).ToArray();
            ensemble = updated[^1];
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private void OnFileChanged(string modelId) => debounceTimer.Change(readDelay, Timeout.InfiniteTimeSpan);

    private void SafeRefresh()
    {
        try
        {
            Refresh();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A timer callback must never throw; the next tick tries again.
            logger.LogError(e, "Reading the model records failed");
        }
    }

    private static ModelRecords Empty(string id, string name) =>
        new(id, name, RecordState<TrainingHistory>.Missing, RecordState<TestMetrics>.Missing, RecordState<ModelCard>.Missing, null);

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        if (registry is not null)
        {
            registry.FileChanged -= OnFileChanged;
        }

        pollTimer.Dispose();
        debounceTimer.Dispose();
    }

    /// <summary>One model folder: the versions of its files last read, and what they held.</summary>
    private sealed class FolderState(ModelFiles files, ModelRecords records)
    {
        private FileStamp? history;
        private FileStamp? metrics;
        private FileStamp? card;
        private FileStamp? onnx;

        public ModelRecords Records { get; private set; } = records;

        public bool Update(ILogger logger)
        {
            var changed = false;
            if (Changed(files.History, ref history))
            {
                Records = Records with { History = Read<TrainingHistory>(files.History, logger) };
                changed = true;
            }

            if (Changed(files.Metrics, ref metrics))
            {
                Records = Records with { Metrics = Read<TestMetrics>(files.Metrics, logger) };
                changed = true;
            }

            if (Changed(files.Card, ref card))
            {
                Records = Records with { Card = Read<ModelCard>(files.Card, logger) };
                changed = true;
            }

            if (Changed(files.Onnx, ref onnx))
            {
                Records = Records with { OnnxBytes = onnx?.Length };
                changed = true;
            }

            return changed;
        }

        private static bool Changed(string path, ref FileStamp? known)
        {
            var current = FileStamp.Of(path);
            if (current == known)
            {
                return false;
            }

            known = current;
            return true;
        }

        private static RecordState<T> Read<T>(string path, ILogger logger)
            where T : class, IVersionedRecord
        {
            try
            {
                return RecordFile.ReadIfExists<T>(path) is { } value ? RecordState<T>.Of(value) : RecordState<T>.Missing;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Cannot read {Path}: {Reason}", path, e.Message);
                // Pages show the reason: the file as "model-id/file.json", not the server's path.
                return RecordState<T>.Failed(e is DataFileException data
                    ? data.Named(DataFileException.ShortName(path)).Message
                    : $"{DataFileException.ShortName(path)} cannot be read ({e.GetType().Name}).");
            }
        }
    }
}
