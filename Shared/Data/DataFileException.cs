namespace MnistBlazor.Shared.Data;

/// <summary>
/// A data file that cannot be used as it is. The message names the file and, where known, the line
/// and the field, e.g. "train.csv line 17, pixel42: value '300' is outside 0..255".
/// </summary>
public sealed class DataFileException(
    string filePath, string problem, long? line = null, string? field = null, Exception? innerException = null)
    : Exception(Describe(filePath, problem, line, field), innerException)
{
    public string FilePath { get; } = filePath;
    public long? Line { get; } = line;
    public string? Field { get; } = field;
    public string Problem { get; } = problem;

    private static string Describe(string filePath, string problem, long? line, string? field)
    {
        var where = filePath;
        if (line is not null)
        {
            where += $" line {line}";
        }

        if (field is not null)
        {
            where += $"{(line is null ? "" : ",")} {field}";
        }

        return $"{where}: {problem}";
    }
}
