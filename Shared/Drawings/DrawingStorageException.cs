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

    /// <summary>Any other storage failure (I/O error, read-only file system...).</summary>
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

    public static DrawingStorageException Replaced(string fileName) => new(DrawingStorageFault.Replaced,
        $"The drawings database ({fileName}) was deleted or replaced while the app was running. Nothing was written, so nothing goes to a file "
        + "that is no longer there; restore the file or restart the app to use the file now at its place.");
}
