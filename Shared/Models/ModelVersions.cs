using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Models;

/// <summary>One stored version of a model (its own weights, ONNX file and metrics).</summary>
/// <param name="Name">"original" (the model as trained before the first fine-tune) or the fine-tune's name.</param>
/// <param name="Files">Its files, inside <c>&lt;models&gt;/&lt;id&gt;/versions/&lt;name&gt;/</c>.</param>
/// <param name="IsActive">Whether it is the one in use: its ONNX file equals the model's own.</param>
public sealed record ModelVersion(string Name, ModelFiles Files, bool IsActive);

/// <summary>
/// Versions kept beside a model: <c>&lt;models&gt;/&lt;id&gt;/versions/&lt;name&gt;/</c>. The model's own files
/// (<c>&lt;models&gt;/&lt;id&gt;/model.onnx</c> etc.) are the active version, which the web app and the CLI
/// use; activating a version copies its files there, each atomically, the ONNX file last, so the
/// web app reloads it without a restart. The copies happen under the model's activation lock
/// (<see cref="LockActivation"/>, an exclusive lock on <c>&lt;models&gt;/&lt;id&gt;/.activation.lock</c>
/// that the web app and the Training CLI both take): a reader holding the lock never sees a
/// half-activated set (the ONNX file of one version with the metrics of another).
/// </summary>
public static class ModelVersions
{
    public const string FolderName = "versions";
    public const string OriginalName = "original";

    /// <summary>What a fine-tune's version name starts with; the UTC time it began follows (<see cref="FineTuneName"/>).</summary>
    public const string FineTunePrefix = "finetune-";

    /// <summary>
    /// The name of a fine-tune that began at <paramref name="time"/> (to the second): names sort as the times do, so
    /// the names of the fine-tunes begun since a moment are those from <c>FineTuneName(moment)</c> on.
    /// </summary>
    public static string FineTuneName(DateTimeOffset time) =>
        FineTunePrefix + time.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The lock file in the model's folder; it stays there (deleting a lock file races with its users).</summary>
    public const string LockFileName = ".activation.lock";

    /// <summary>How long <see cref="LockActivation"/> waits for another process's activation by default.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Takes the model's activation lock (an exclusive OS file lock, honoured across processes and
    /// threads); dispose the result to release it. Throws <see cref="TimeoutException"/> when another
    /// activation holds it longer than <paramref name="timeout"/>.
    /// </summary>
    public static IDisposable LockActivation(string modelsDirectory, string modelId, TimeSpan? timeout = null)
    {
        var folder = Path.Combine(modelsDirectory, modelId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, LockFileName);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultLockTimeout);
        var pause = 5;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(pause);
                pause = Math.Min(pause * 2, 100);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"Model '{modelId}' is being switched to another version by another process (its {LockFileName} stayed locked); try again.", e);
            }
        }
    }

    public static string Root(string modelsDirectory, string modelId) => Path.Combine(modelsDirectory, modelId, FolderName);

    /// <summary>The files of one version (ModelFiles over the versions folder: its ModelId is the version's name).</summary>
    public static ModelFiles FilesOf(string modelsDirectory, string modelId, string version) => new(Root(modelsDirectory, modelId), version);

    /// <summary>The stored versions that have an ONNX file: the original first, then by name.</summary>
    public static IReadOnlyList<ModelVersion> List(string modelsDirectory, string modelId)
    {
        var root = Root(modelsDirectory, modelId);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var active = new ModelFiles(modelsDirectory, modelId).Onnx;
        return Directory.GetDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => File.Exists(FilesOf(modelsDirectory, modelId, name).Onnx))
            .OrderBy(name => name == OriginalName ? 0 : 1)
            .ThenBy(name => name, StringComparer.Ordinal)
            .Select(name =>
            {
                var files = FilesOf(modelsDirectory, modelId, name);
                return new ModelVersion(name, files, SameContent(files.Onnx, active));
            })
            .ToArray();
    }

    /// <summary>Keeps the model as it is now as the "original" version, once (before the first fine-tune replaces it).</summary>
    public static void KeepOriginal(string modelsDirectory, string modelId)
    {
        var original = FilesOf(modelsDirectory, modelId, OriginalName);
        if (File.Exists(original.Onnx))
        {
            return;
        }

        var current = new ModelFiles(modelsDirectory, modelId);
        foreach (var (from, to) in VersionedFiles(current).Zip(VersionedFiles(original)))
        {
            CopyIfExists(from, to);
        }
    }

    /// <summary>Makes <paramref name="version"/> the model in use.</summary>
    public static void Activate(string modelsDirectory, string modelId, string version)
    {
        var source = List(modelsDirectory, modelId).FirstOrDefault(v => v.Name == version)?.Files
            ?? throw new ArgumentException(
                $"Model '{modelId}' has no version '{version}' in its {modelId}/{FolderName}/ folder; "
                + $"it has: {string.Join(", ", List(modelsDirectory, modelId).Select(v => v.Name).DefaultIfEmpty("none"))}.");
        var target = new ModelFiles(modelsDirectory, modelId);
        using var activation = LockActivation(modelsDirectory, modelId);
        foreach (var (from, to) in VersionedFiles(source).Zip(VersionedFiles(target)))
        {
            Replace(from, to);
        }
    }

    /// <summary>The files a version holds, model.onnx last: its arrival marks the version (or the activation) complete.</summary>
    private static string[] VersionedFiles(ModelFiles files) => [files.Weights, files.Metrics, files.Card, files.Int8Onnx, files.Onnx];

    /// <summary>The target becomes a copy of the source, or disappears when the version has no such file.</summary>
    private static void Replace(string source, string target)
    {
        if (File.Exists(source))
        {
            AtomicFile.WriteAllBytes(target, File.ReadAllBytes(source));
        }
        else if (File.Exists(target))
        {
            File.Delete(target);
        }
    }

    private static void CopyIfExists(string source, string target)
    {
        if (File.Exists(source))
        {
            AtomicFile.WriteAllBytes(target, File.ReadAllBytes(source));
        }
    }

    private static bool SameContent(string first, string second)
    {
        var a = new FileInfo(first);
        var b = new FileInfo(second);
        if (!a.Exists || !b.Exists || a.Length != b.Length)
        {
            return false;
        }

        return File.ReadAllBytes(first).AsSpan().SequenceEqual(File.ReadAllBytes(second));
    }
}
