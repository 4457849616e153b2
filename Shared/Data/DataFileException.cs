namespace MnistBlazor.Shared.Data;

/// <summary>
/// A data file that cannot be used, with where the problem is: the file (as the caller named it),
/// and when known the 1-based line and the column or field. The message reads like
/// "train.csv line 17, column pixel42: value '300' is outside 0..255".
/// </summary>
public sealed class DataFileException : Exception
{
    public DataFileException(string filePath, string problem, long? line = null, string? field = null, Exception? innerException = null)
        : base(Describe(filePath, problem, line, field), innerException)
    {
        FilePath = filePath;
        Problem = problem;
        Line = line;
        Field = field;
    }

    public string FilePath { get; }

    /// <summary>
    /// The same problem naming the file as <paramref name="displayName"/> (e.g. "nn/metrics.json"):
    /// what a server shows its clients instead of its own absolute paths.
    /// </summary>
    public DataFileException Named(string displayName) => new(displayName, Problem, Line, Field, this);

    /// <summary>"folder/file" for a path: the file's name and its folder's name (e.g. a model's id).</summary>
    public static string ShortName(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) is { Length: > 0 } folder ? $"{folder}/{Path.GetFileName(path)}" : Path.GetFileName(path);

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    public long? Line { get; }

    public string? Field { get; }

    private static string Describe(string filePath, string problem, long? line, string? field)
    {
        var location = filePath;
        if (line is not null)
        {
            location += $" line {line}";
            if (field is not null)
            {
                location += $", column {field}";
            }
        }
        else if (field is not null)
        {
            location += $", {field}";
        }

        return $"{location}: {problem}";
    }
}
