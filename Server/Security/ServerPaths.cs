namespace MnistBlazor.Server.Security;

/// <summary>What clients see of the server's files: names relative to a folder they know, never the server's absolute paths.</summary>
public static class ServerPaths
{
    /// <summary>
    /// <paramref name="message"/> with <paramref name="directory"/> taken out: what is under it named
    /// relative to it ("mnist/t10k-images-idx3-ubyte"), the folder itself as ".".
    /// </summary>
    public static string WithoutDirectory(string message, string? directory)
    {
        directory = string.IsNullOrEmpty(directory) ? directory : Path.TrimEndingDirectorySeparator(directory);
        return string.IsNullOrEmpty(directory)
            ? message
            : message.Replace(directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(directory, ".", StringComparison.Ordinal);
    }
}
