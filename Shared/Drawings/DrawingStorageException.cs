using Microsoft.Data.Sqlite;

namespace MnistBlazor.Shared.Drawings;

/// <summary>What went wrong with the drawings database while it was in use.</summary>
public enum DrawingStorageFault
{
    /// <summary>Another connection or program held a lock for longer than the busy timeout (SQLITE_BUSY, SQLITE_LOCKED).</summary>
    Busy,

    /// <summary>The disk (or the database's configured size limit) is full (SQLITE_FULL).</summary>
    Full,

    /// <summary>The file was deleted or replaced while the app was running.</summary>
    Replaced,

    /// <summary>Any other SQLite failure (I/O error, read-only file system...).</summary>
    Failed,
}

/// <summary>
/// The drawings database failed during an operation. The message is for people and names the file by
/// its name only; <see cref="Fault"/> says which kind of failure it was (the API maps it to 503 or 507).
/// An <see cref="IOException"/>, so callers that handle file problems handle it too.
/// </summary>
public sealed class DrawingStorageException : IOException
{
    public DrawingStorageException(DrawingStorageFault fault, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Fault = fault;
    }

    public DrawingStorageFault Fault { get; }

    /// <summary>SQLite's primary result codes the faults come from.</summary>
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    public static DrawingStorageException From(SqliteException e, string fileName) => (e.SqliteErrorCode & 0xFF) switch
    {
        SqliteBusy or SqliteLocked => new(DrawingStorageFault.Busy,
            $"The drawings database ({fileName}) is busy: another program or session holds a lock on it. Nothing was changed; try again in a moment.", e),
        SqliteFull => new(DrawingStorageFault.Full,
            $"The drawings database ({fileName}) is full: the disk (or the database's size limit) has no room left. Nothing was saved; free some space and try again.", e),
        _ => new(DrawingStorageFault.Failed,
            $"The drawings database ({fileName}) failed (SQLite error {e.SqliteErrorCode}: {FirstLine(e.Message)}).", e),
    };

    public static DrawingStorageException Replaced(string fileName) => new(DrawingStorageFault.Replaced,
        $"The drawings database ({fileName}) was deleted or replaced while the app was running. Nothing was written, so nothing goes to a file "
        + "that is no longer there; restore the file or restart the app to use the file now at its place.");

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
