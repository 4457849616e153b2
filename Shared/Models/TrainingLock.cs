namespace MnistBlazor.Shared.Models;

/// <summary>
/// The lock a training holds on a models directory while it writes there (an exclusive OS file lock on
/// <c>&lt;models&gt;/.training.lock</c>, honoured across processes): two trainers writing the same model's history,
/// checkpoint and files would spoil each other's run. The Training CLI's <c>train</c> takes it; the web app checks it
/// before it starts one, to say why not.
/// </summary>
public static class TrainingLock
{
    public const string FileName = ".training.lock";

    /// <summary>Takes the lock until the result is disposed; null when another training holds it.</summary>
    public static IDisposable? TryTake(string modelsDirectory)
    {
        Directory.CreateDirectory(modelsDirectory);
        try
        {
            // The file stays when released: deleting a lock file races with the next one to take it.
            return new FileStream(Path.Combine(modelsDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException) when (File.Exists(Path.Combine(modelsDirectory, FileName)))
        {
            return null;
        }
    }

    /// <summary>
    /// How long a trainer tries before it gives up: <see cref="IsHeld"/> takes the lock for a moment, and a trainer that
    /// starts at that moment must not be refused.
    /// </summary>
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(1);

    /// <summary>Takes the lock, trying again for up to <paramref name="patience"/>; null when another training still holds it.</summary>
    public static IDisposable? TryTake(string modelsDirectory, TimeSpan patience)
    {
        var giveUpAt = DateTime.UtcNow + patience;
        while (true)
        {
            if (TryTake(modelsDirectory) is { } taken)
            {
                return taken;
            }

            if (DateTime.UtcNow >= giveUpAt)
            {
                return null;
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>
    /// Whether a training holds the lock now. It opens the lock file for reading and never creates it or the directory,
    /// so a models directory served read-only (a copy that kept a finished training's lock file, say) reads as free, as
    /// one without the file does.
    /// </summary>
    public static bool IsHeld(string modelsDirectory)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(modelsDirectory, FileName), FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.None);
            return false;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // another process holds it without sharing: a training
        }
    }
}
