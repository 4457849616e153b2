using Microsoft.Extensions.Options;
using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// One model's folder (or the ensemble's) as last read: its records, its model.onnx's stamp and, when
/// <see cref="ModelsOptions.Precision"/> wants int8, its model.int8.onnx's stamp. Immutable.
/// </summary>
public sealed record ModelFolder(ModelRecords Records, FileStamp? Onnx, FileStamp? Int8Onnx = null)
{
    public string ModelId => Records.ModelId;

    public OnnxStamps Stamps => new(Onnx, Int8Onnx);
}

/// <summary>A folder read together with its model files, under the model's activation lock.</summary>
/// <param name="Folder">The folder as read.</param>
/// <param name="Content">model.onnx's bytes; null when there is none, it could not be read, or the files are the ones already loaded.</param>
/// <param name="ReadFailure">Why model.onnx could not be read.</param>
/// <param name="Int8Content">model.int8.onnx's bytes when int8 is wanted, read with <paramref name="Content"/>.</param>
/// <param name="Int8ReadFailure">Why model.int8.onnx could not be read.</param>
public sealed record OnnxRead(ModelFolder Folder, byte[]? Content, string? ReadFailure, byte[]? Int8Content = null, string? Int8ReadFailure = null);

/// <summary>
/// The one reader of the models directory: watches it (FileSystemWatcher, debounced per folder by
/// <see cref="ModelsOptions.ReloadDelay"/>, polled every <see cref="ModelsOptions.PollInterval"/> for file
/// systems without events) and publishes an immutable <see cref="ModelFolder"/> per model and for the ensemble.
/// Only files whose size or write time changed are read again; a broken file affects only its own model and
/// its state says why, naming the file as "model-id/file.json". The registry loads sessions from it, and the
/// pages (<see cref="IModelRecords"/>) and the API read its snapshots.
/// </summary>
public sealed class ModelFolders : IModelRecords, IDisposable
{
    private static readonly IReadOnlyList<(string Id, string Name)> FolderNames =
        [.. ModelCatalog.All.Select(m => (m.Id, m.DisplayName)), (ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName)];

    private readonly ILogger<ModelFolders> logger;
    private readonly TimeSpan quietTime;
    private readonly Dictionary<string, FolderState> folders;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Timer> pendingReads = new(StringComparer.Ordinal);
    private readonly FileSystemWatcher? watcher;
    private readonly Timer pollTimer;
    private bool disposed;

    public ModelFolders(IOptions<ModelsOptions> options, ILogger<ModelFolders> logger)
    {
        this.logger = logger;
        ModelsDirectory = options.Value.ResolveDirectory();
        quietTime = options.Value.ReloadDelay;
        PrefersInt8 = options.Value.PrefersInt8;
        folders = FolderNames.ToDictionary(
            f => f.Id, f => new FolderState(new ModelFiles(ModelsDirectory, f.Id), Empty(f.Id, f.Name), PrefersInt8), StringComparer.Ordinal);
        foreach (var folder in folders.Values)
        {
            folder.Read(this, loadedOnnx: null, readOnnx: false);
        }

        try
        {
            Directory.CreateDirectory(ModelsDirectory);
            watcher = new FileSystemWatcher(ModelsDirectory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += (_, e) =>
            {
                logger.LogWarning(e.GetException(), "Model directory watcher failed; reading every model folder again");
                Refresh();
            };
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            logger.LogWarning(e, "Cannot watch {ModelsDirectory}; changes are seen by polling only", ModelsDirectory);
        }

        pollTimer = new Timer(_ => SafeRefresh(), null, options.Value.PollInterval, options.Value.PollInterval);
    }

    public string ModelsDirectory { get; }

    /// <summary>Why no model can be found at all, when the models directory itself is the problem (without its path); else null.</summary>
    public string? DirectoryProblem =>
        File.Exists(ModelsDirectory) ? "The models directory is a file, not a folder: point Models:Directory at a folder."
        : !Directory.Exists(ModelsDirectory) ? "The models directory does not exist and could not be created: check Models:Directory and its permissions."
        : null;

    /// <summary>Whether model.int8.onnx is read and watched (<see cref="ModelsOptions.PrefersInt8"/>).</summary>
    public bool PrefersInt8 { get; }

    /// <summary>A model's (or the ensemble's) folder as last read.</summary>
    public ModelFolder this[string modelId] => folders[modelId].Current;

    public IReadOnlyList<ModelRecords> Models => ModelCatalog.All.Select(spec => this[spec.Id].Records).ToArray();

    public ModelRecords Ensemble => this[ModelCatalog.EnsembleId].Records;

    /// <summary>Raised (on any thread) after any folder's files changed: pages re-render.</summary>
    public event Action? Changed;

    /// <summary>Raised (on a timer thread) with the new snapshot after a folder's files changed: the registry reloads.</summary>
    public event Action<ModelFolder>? FolderChanged;

    /// <summary>Reads every folder whose files changed since the last look and tells of each change.</summary>
    public void Refresh()
    {
        foreach (var folder in folders.Values)
        {
            if (folder.Read(this, loadedOnnx: null, readOnnx: false).Changed)
            {
                Publish(folder.Current, toRegistry: true);
            }
        }
    }

    /// <summary>
    /// Reads a model's folder now, under its activation lock, with the model files' bytes unless their stamps are
    /// <paramref name="loadedOnnx"/>: a version being activated is seen whole, before or after the switch.
    /// Tells the pages of a change; the caller, loading what it got, is not told again.
    /// </summary>
    public OnnxRead ReadForLoading(string modelId, OnnxStamps? loadedOnnx)
    {
        var folder = folders[modelId];
        var (changed, read) = folder.Read(this, loadedOnnx, readOnnx: true);
        if (changed)
        {
            Publish(read.Folder, toRegistry: false);
        }

        return read;
    }

    private void Publish(ModelFolder folder, bool toRegistry)
    {
        if (toRegistry)
        {
            FolderChanged?.Invoke(folder);
        }

        Changed?.Invoke();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        var modelId = ModelIdOf(e.FullPath) ?? (e is RenamedEventArgs renamed ? ModelIdOf(renamed.OldFullPath) : null);
        if (modelId is null || Path.GetFileName(e.FullPath) == ModelVersions.LockFileName)
        {
            return; // taking the activation lock changes nothing the models read
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (pendingReads.TryGetValue(modelId, out var timer))
            {
                timer.Change(quietTime, Timeout.InfiniteTimeSpan);
                return;
            }

            pendingReads[modelId] = new Timer(_ => ReadAfterQuiet(modelId), null, quietTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void ReadAfterQuiet(string modelId)
    {
        lock (gate)
        {
            if (pendingReads.Remove(modelId, out var timer))
            {
                timer.Dispose();
            }

            if (disposed)
            {
                return;
            }
        }

        try
        {
            var folder = folders[modelId];
            if (folder.Read(this, loadedOnnx: null, readOnnx: false).Changed)
            {
                Publish(folder.Current, toRegistry: true);
            }
        }
        catch (Exception e)
        {
            // A timer callback must never throw; the next file event or poll retries.
            logger.LogError(e, "Reading the folder of {ModelId} failed", modelId);
        }
    }

    private void SafeRefresh()
    {
        try
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }
            }

            Refresh();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A timer callback must never throw; the next tick tries again.
            logger.LogError(e, "Reading the model folders failed");
        }
    }

    /// <summary>The model (or the ensemble) a path belongs to: the first folder under the models directory.</summary>
    private string? ModelIdOf(string path)
    {
        var relative = Path.GetRelativePath(ModelsDirectory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        if (first == ModelCatalog.EnsembleId)
        {
            return ModelCatalog.EnsembleId;
        }

        return ModelCatalog.TryGet(first, out var spec) ? spec.Id : null;
    }

    /// <summary>The model's activation lock, or nothing when it cannot be taken (e.g. a read-only models directory).</summary>
    private IDisposable? LockActivation(string modelId)
    {
        if (modelId == ModelCatalog.EnsembleId || !Directory.Exists(Path.Combine(ModelsDirectory, modelId)))
        {
            return null; // the ensemble has no versions; no folder is created just for the lock
        }

        try
        {
            return ModelVersions.LockActivation(ModelsDirectory, modelId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            logger.LogWarning("Cannot take the activation lock of {ModelId}: {Reason}", modelId, e.Message);
            return null;
        }
    }

    private static ModelRecords Empty(string id, string name) =>
        new(id, name, RecordState<TrainingHistory>.Missing, RecordState<TestMetrics>.Missing, RecordState<ModelCard>.Missing, null);

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            foreach (var timer in pendingReads.Values)
            {
                timer.Dispose();
            }

            pendingReads.Clear();
        }

        watcher?.Dispose();
        pollTimer.Dispose();
    }

    /// <summary>One folder: the versions of its files last read, and the snapshot they gave. Reads of one folder run one at a time.</summary>
    private sealed class FolderState(ModelFiles files, ModelRecords empty, bool readsInt8)
    {
        private readonly Lock readGate = new();
        private FileStamp? history;
        private FileStamp? metrics;
        private FileStamp? card;
        private FileStamp? onnx;
        private FileStamp? int8Onnx;
        // Replaced whole under readGate, read without it: a page never waits for a read in progress.
        private volatile ModelFolder current = new(empty, null);

        public ModelFolder Current => current;

        /// <summary>Reads what changed (under the activation lock when anything did) and, if asked, the ONNX bytes.</summary>
        public (bool Changed, OnnxRead Read) Read(ModelFolders owner, OnnxStamps? loadedOnnx, bool readOnnx)
        {
            lock (readGate)
            {
                if (!readOnnx && !AnyChanged())
                {
                    return (false, new OnnxRead(current, null, null));
                }

                using var activation = owner.LockActivation(files.ModelId);
                var records = current.Records;
                var changed = false;
                if (Changed(files.History, ref history))
                {
                    records = records with { History = ReadRecord<TrainingHistory>(files.History, owner.logger) };
                    changed = true;
                }

                if (Changed(files.Metrics, ref metrics))
                {
                    records = records with { Metrics = ReadRecord<TestMetrics>(files.Metrics, owner.logger) };
                    changed = true;
                }

                if (Changed(files.Card, ref card))
                {
                    records = records with { Card = ReadRecord<ModelCard>(files.Card, owner.logger) };
                    changed = true;
                }

                if (Changed(files.Onnx, ref onnx))
                {
                    records = records with { OnnxBytes = onnx?.Length };
                    changed = true;
                }

                if (readsInt8 && Changed(files.Int8Onnx, ref int8Onnx))
                {
                    changed = true;
                }

                if (changed)
                {
                    current = new ModelFolder(records, onnx, int8Onnx);
                }

                if (!readOnnx || onnx is null || current.Stamps == loadedOnnx)
                {
                    return (changed, new OnnxRead(current, null, null));
                }

                var (content, failure) = ReadBytes(files.Onnx);
                var (int8Content, int8Failure) = int8Onnx is null ? (null, null) : ReadBytes(files.Int8Onnx);
                return (changed, new OnnxRead(current, content, failure, int8Content, int8Failure));
            }
        }

        private (byte[]? Content, string? Failure) ReadBytes(string path)
        {
            try
            {
                return (File.ReadAllBytes(path), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"{files.ModelId}/{Path.GetFileName(path)} cannot be read: {e.GetType().Name}.");
            }
        }

        private bool AnyChanged() =>
            FileStamp.Of(files.History) != history || FileStamp.Of(files.Metrics) != metrics
            || FileStamp.Of(files.Card) != card || FileStamp.Of(files.Onnx) != onnx
            || (readsInt8 && FileStamp.Of(files.Int8Onnx) != int8Onnx);

        private static bool Changed(string path, ref FileStamp? known)
        {
            var now = FileStamp.Of(path);
            if (now == known)
            {
                return false;
            }

            known = now;
            return true;
        }

        private static RecordState<T> ReadRecord<T>(string path, ILogger logger)
            where T : class, IVersionedRecord
        {
            try
            {
                return RecordFile.ReadIfExists<T>(path) is { } value ? RecordState<T>.Of(value) : RecordState<T>.Missing;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogWarning("Cannot read {Path}: {Reason}", path, e.Message);
                // Pages and the API show the reason: the file as "model-id/file.json", not the server's path.
                return RecordState<T>.Failed(e is DataFileException data
                    ? data.Named(DataFileException.ShortName(path)).Message
                    : $"{DataFileException.ShortName(path)} cannot be read ({e.GetType().Name}).");
            }
        }
    }
}
