namespace MnistBlazor.Shared.Records;

/// <summary>
/// A record file as last read: its value, or why it could not be read. Neither means the file
/// does not exist (yet).
/// </summary>
public sealed record RecordState<T>(T? Value, string? Error)
    where T : class
{
    public static RecordState<T> Missing { get; } = new(null, null);

    public bool IsMissing => Value is null && Error is null;

    public static RecordState<T> Of(T value) => new(value, null);

    public static RecordState<T> Failed(string error) => new(null, error);
}
