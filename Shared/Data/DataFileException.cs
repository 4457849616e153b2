namespace MnistBlazor.Shared.Data;

public sealed class DataFileException(string filePath, string problem, long? line = null, string? field = null, Exception? innerException = null)
    : Exception(Describe(filePath, problem, line, field), innerException)
{
    public string FilePath { get; } = filePath;
    public long? Line { get; } = line;
    public string? Field { get; } = field;

    private static string Describe(string filePath, string problem, long? line, string? field) =>
        $"{filePath}{(line is null ? "" : $" line {line}")}{(field is null ? "" : $", {field}")}: {problem}";
}
