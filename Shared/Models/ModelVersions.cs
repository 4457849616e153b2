using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Records;

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
    /// What the name of a training kept as a version starts with (a training that replaced a model which already had
    /// versions); the UTC time it was trained follows (<see cref="TrainedName"/>).
    /// </summary>
    public const string TrainedPrefix = "trained-";

    /// <summary>
    /// The name of a fine-tune that began at <paramref name="time"/> (to the second): names sort as the times do, so
    /// the names of the fine-tunes begun since a moment are those from <c>FineTuneName(moment)</c> on.
    /// </summary>
    public static string FineTuneName(DateTimeOffset time) => FineTunePrefix + Stamp(time);

    /// <summary>The name of a training that ended at <paramref name="time"/>, kept as a version.</summary>
    public static string TrainedName(DateTimeOffset time) => TrainedPrefix + Stamp(time);

    private const string StampFormat = "yyyyMMdd-HHmmss";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);

    /// <summary>The kinds of version named by a time: what their names start with, and how pages call them.</summary>
    private static readonly (string Prefix, string Kind)[] TimedKinds = [(FineTunePrefix, "fine-tune"), (TrainedPrefix, "training")];

    /// <summary>
    /// The kind and the part after the prefix ("20261206-201502", or "20261206-201502-2" for a second one of the same
    /// second, <see cref="UnusedName"/>) of a fine-tune's or a training's name; null for other names (made by hand).
    /// </summary>
    private static (string Kind, string Stamp)? Timed(string name) =>
        TimedKinds.FirstOrDefault(k => name.StartsWith(k.Prefix, StringComparison.Ordinal)) is { Prefix: not null } kind
            ? (kind.Kind, name[kind.Prefix.Length..])
            : null;

    /// <summary>
    /// How pages name a version: "original", "fine-tune of 6 Dec 2026, 20:15 UTC", "training of ..."; a name of another
    /// form (made by hand) as it is.
    /// </summary>
    public static string Describe(string name)
    {
        if (Timed(name) is not var (kind, stamp) || stamp.Length < StampFormat.Length
            || !DateTime.TryParseExact(stamp[..StampFormat.Length], StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return name;
        }

        var described = $"{kind} of {time.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC";
        return stamp[StampFormat.Length..] switch
        {
            "" => described,
            ['-', .. var repeat] when int.TryParse(repeat, NumberStyles.None, CultureInfo.InvariantCulture, out _) => $"{described} ({repeat})",
            _ => name,
        };
    }

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

    /// <summary>The stored versions that have an ONNX file: the original first, then in the order they were made.</summary>
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
            .Where(name => !name.StartsWith(BeingDeletedPrefix, StringComparison.Ordinal) && File.Exists(FilesOf(modelsDirectory, modelId, name).Onnx))
            .OrderBy(name => name == OriginalName ? 0 : 1)
            .ThenBy(TimeOrderKey, StringComparer.Ordinal)
            .ThenBy(name => name, StringComparer.Ordinal)
            .Select(name =>
            {
                var files = FilesOf(modelsDirectory, modelId, name);
                return new ModelVersion(name, files, SameContent(files.Onnx, active));
            })
            .ToArray();
    }

    // Fine-tunes and trainings interleave by the time in their names; other names (made by hand) follow their own order.
    private static string TimeOrderKey(string name) => Timed(name)?.Stamp ?? name;

    /// <summary>
    /// Makes sure the model in use is kept as a version, so that switching to another never loses it, and returns that
    /// version's name (null when the model has no ONNX file yet). The first model kept is the "original"; one that
    /// replaced a model with versions (a new training) is kept under <see cref="TrainedName"/> of its card's time.
    /// With <paramref name="onlyBesideVersions"/>, a model that has no versions yet is left as it is (null).
    /// </summary>
    public static string? KeepCurrent(string modelsDirectory, string modelId, bool onlyBesideVersions = false)
    {
        using var activation = LockActivation(modelsDirectory, modelId);
        var versions = List(modelsDirectory, modelId);
        return onlyBesideVersions && versions.Count == 0 ? null : KeepCurrentLocked(modelsDirectory, modelId, versions);
    }

    private static string? KeepCurrentLocked(string modelsDirectory, string modelId, IReadOnlyList<ModelVersion> versions)
    {
        var current = new ModelFiles(modelsDirectory, modelId);
        if (!File.Exists(current.Onnx))
        {
            return null;
        }

        if (versions.FirstOrDefault(v => v.IsActive) is { } kept)
        {
            return kept.Name;
        }

        var name = versions.Count == 0 ? OriginalName : UnusedName(modelsDirectory, modelId, TrainedName(TrainedAt(current)));
        CopyFiles(current, FilesOf(modelsDirectory, modelId, name));
        return name;
    }

    /// <summary>When the model's files were trained: its card's time, or the ONNX file's when the card is missing or unreadable.</summary>
    private static DateTimeOffset TrainedAt(ModelFiles files) =>
        RecordFile.ReadIfReadable<ModelCard>(files.Card)?.TrainedAt ?? File.GetLastWriteTimeUtc(files.Onnx);

    /// <summary><paramref name="name"/>, or with "-2", "-3", ... when a version of that name exists (two in one second).</summary>
    public static string UnusedName(string modelsDirectory, string modelId, string name)
    {
        var candidate = name;
        for (var n = 2; Directory.Exists(FilesOf(modelsDirectory, modelId, candidate).Directory); n++)
        {
            candidate = $"{name}-{n}";
        }

        return candidate;
    }

    /// <summary>
    /// Makes <paramref name="version"/> the model in use; the model in use before is kept as a version first when it is
    /// not one already (<see cref="KeepCurrent"/>).
    /// </summary>
    public static void Activate(string modelsDirectory, string modelId, string version)
    {
        using var activation = LockActivation(modelsDirectory, modelId);
        var versions = List(modelsDirectory, modelId);
        var source = Find(versions, modelId, version);
        KeepCurrentLocked(modelsDirectory, modelId, versions);
        CopyFiles(source.Files, new ModelFiles(modelsDirectory, modelId));
    }

    /// <summary>
    /// Runs <paramref name="rewrite"/>, which writes the model's ONNX files again from the same weights (a newer
    /// exporter, a new int8 calibration), then gives the version that was in use the new files too, under the activation
    /// lock, so it stays the version in use instead of the model's files becoming a set no version keeps. A version whose
    /// weights are no longer the model's (another was put in use meanwhile) is left as it is.
    /// </summary>
    public static void RewriteExports(string modelsDirectory, string modelId, Action rewrite) =>
        RewriteExports(modelsDirectory, modelId, () =>
        {
            rewrite();
            return true;
        });

    /// <inheritdoc cref="RewriteExports(string, string, Action)"/>
    /// <returns>What <paramref name="rewrite"/> returned.</returns>
    public static T RewriteExports<T>(string modelsDirectory, string modelId, Func<T> rewrite)
    {
        var inUse = List(modelsDirectory, modelId).FirstOrDefault(v => v.IsActive);
        var written = rewrite();
        if (inUse is null)
        {
            return written;
        }

        using var activation = LockActivation(modelsDirectory, modelId);
        var current = new ModelFiles(modelsDirectory, modelId);
        if (Directory.Exists(inUse.Files.Directory) && SameContent(inUse.Files.Weights, current.Weights))
        {
            Replace(current.Int8Onnx, inUse.Files.Int8Onnx);
            Replace(current.Onnx, inUse.Files.Onnx);
        }

        return written;
    }

    private static ModelVersion Find(IReadOnlyList<ModelVersion> versions, string modelId, string version) =>
        versions.FirstOrDefault(v => v.Name == version)
        ?? throw new ArgumentException(
            $"Model '{modelId}' has no version '{version}' in its {modelId}/{FolderName}/ folder; "
            + $"it has: {string.Join(", ", versions.Select(v => v.Name).DefaultIfEmpty("none"))}.");

    /// <summary>
    /// Deletes a stored version (not the one in use). Its folder is first renamed out of the listing, in one step, so no
    /// reader ever lists or activates a half-deleted version; an interrupted deletion leaves only that hidden folder,
    /// which the next deletion of the model removes.
    /// </summary>
    public static void Delete(string modelsDirectory, string modelId, string version)
    {
        using var activation = LockActivation(modelsDirectory, modelId);
        var stored = Find(List(modelsDirectory, modelId), modelId, version);
        if (stored.IsActive)
        {
            throw new InvalidOperationException($"{Describe(version)} is the version of '{modelId}' in use: put another one in use first, then delete it.");
        }

        var root = Root(modelsDirectory, modelId);
        var aside = Path.Combine(root, $"{BeingDeletedPrefix}{version}-{Guid.NewGuid():N}");
        Directory.Move(stored.Files.Directory, aside);
        foreach (var leftover in Directory.GetDirectories(root, BeingDeletedPrefix + "*"))
        {
            Directory.Delete(leftover, recursive: true);
        }
    }

    /// <summary>What a version folder being deleted is renamed to begin with: never listed.</summary>
    private const string BeingDeletedPrefix = ".deleting-";

    /// <summary>The bytes a stored version takes on disk (its files).</summary>
    public static long SizeOf(ModelVersion version) =>
        new DirectoryInfo(version.Files.Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);

    /// <summary>The files a version holds, model.onnx last: its arrival marks the version (or the activation) complete.</summary>
    private static string[] VersionedFiles(ModelFiles files) => [files.Weights, files.Metrics, files.Card, files.Int8Onnx, files.Onnx];

    /// <summary>Each versioned file of <paramref name="to"/> becomes a copy of <paramref name="from"/>'s, model.onnx last.</summary>
    private static void CopyFiles(ModelFiles from, ModelFiles to)
    {
        foreach (var (source, target) in VersionedFiles(from).Zip(VersionedFiles(to)))
        {
            Replace(source, target);
        }
    }

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

    // Each file's SHA-256 is kept while its length and write time stay the same (files are only ever replaced whole, by
    // a rename), so the pages that list versions on every load read each ONNX file once, not on every load. A write
    // time is only trusted once it lies a while in the past: file times tick coarsely, and a file replaced within the
    // same tick by one of the same length (two versions of a model) would otherwise look unchanged.
    private static readonly ConcurrentDictionary<string, (long Length, DateTime WrittenUtc, byte[] Hash)> ContentHashes = new(StringComparer.Ordinal);

    private static readonly TimeSpan SettledAfter = TimeSpan.FromSeconds(2);

    private static bool SameContent(string first, string second)
    {
        var a = new FileInfo(first);
        var b = new FileInfo(second);
        if (!a.Exists || !b.Exists || a.Length != b.Length)
        {
            return false;
        }

        return HashOf(a).AsSpan().SequenceEqual(HashOf(b));
    }

    private static byte[] HashOf(FileInfo file)
    {
        if (ContentHashes.TryGetValue(file.FullName, out var known) && known.Length == file.Length && known.WrittenUtc == file.LastWriteTimeUtc)
        {
            return known.Hash;
        }

        var settled = DateTime.UtcNow - file.LastWriteTimeUtc > SettledAfter;
        byte[] hash;
        using (var stream = file.OpenRead())
        {
            hash = SHA256.HashData(stream);
        }

        if (settled)
        {
            ContentHashes[file.FullName] = (file.Length, file.LastWriteTimeUtc, hash);
        }

        return hash;
    }
}
