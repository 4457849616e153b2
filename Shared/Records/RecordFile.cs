using System.Text.Json;
using System.Text.Json.Serialization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Records;

/// <summary>A JSON record file whose layout is versioned by <see cref="SchemaVersion"/>.</summary>
public interface IVersionedRecord
{
    /// <summary>The newest layout this program writes and reads.</summary>
    static abstract int CurrentSchemaVersion { get; }

    /// <summary>The layout the record was written with.</summary>
    int SchemaVersion { get; }
}

/// <summary>Reads and writes the JSON records Training and Server share (history, metrics, card).</summary>
public static class RecordFile
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static void Write<T>(string path, T record)
        where T : IVersionedRecord =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(record, JsonOptions));

    public static T Read<T>(string path)
        where T : IVersionedRecord
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, $"cannot be read: {e.Message}", innerException: e);
        }

        return Parse<T>(json, path);
    }

    /// <summary>Reads the record, or returns null when the file does not exist.</summary>
    public static T? ReadIfExists<T>(string path)
        where T : class, IVersionedRecord =>
        File.Exists(path) ? Read<T>(path) : null;

    /// <summary>
    /// Reads the record, or returns null when it is missing or cannot be read (being written by another process, damaged,
    /// not allowed): for readers to whom such a record only means "not known", while the pages that show it report why.
    /// </summary>
    public static T? ReadIfReadable<T>(string path)
        where T : class, IVersionedRecord
    {
        try
        {
            return ReadIfExists<T>(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataFileException)
        {
            return null;
        }
    }

    public static T Parse<T>(string json, string sourceName)
        where T : IVersionedRecord
    {
        var supported = T.CurrentSchemaVersion;
        int version;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("schema_version", out var versionElement)
                || !versionElement.TryGetInt32(out version))
            {
                throw new DataFileException(sourceName, $"is not a {typeof(T).Name} record: it has no integer schema_version.", field: "schema_version");
            }
        }
        catch (JsonException e)
        {
            throw InvalidJson(sourceName, e);
        }

        if (version > supported)
        {
            throw new DataFileException(
                sourceName,
                $"has {typeof(T).Name} schema version {version}, newer than this program reads ({supported}); update MnistBlazor.",
                field: "schema_version");
        }

        if (version < 1)
        {
            throw new DataFileException(sourceName, $"has an invalid schema version {version}.", field: "schema_version");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOptions)
                ?? throw new DataFileException(sourceName, $"holds null instead of a {typeof(T).Name} record.");
        }
        catch (JsonException e)
        {
            throw InvalidJson(sourceName, e);
        }
    }

    private static DataFileException InvalidJson(string sourceName, JsonException e) =>
        new(sourceName, $"has invalid JSON{(e.Path is null ? "" : $" at {e.Path}")}: {e.Message}",
            line: e.LineNumber + 1, field: e.Path, innerException: e);
}
