using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Training.Evaluation;

namespace MnistBlazor.Training.Drawings;

/// <summary>The drawings saved in the web app, as a labelled set for evaluation and fine-tuning.</summary>
public static class SavedDrawingsSet
{
    /// <summary>The environment variable the server reads <c>ConnectionStrings:Drawings</c> from.</summary>
    public const string ConnectionVariable = "ConnectionStrings__Drawings";

    /// <summary>
    /// Where the drawings are: the PostgreSQL database of <paramref name="connectionString"/> (else of
    /// <see cref="ConnectionVariable"/> when no file is named), else the SQLite file (default
    /// <c>&lt;data directory&gt;/drawings.db</c>). A connection string that cannot be used is a usage error
    /// naming where it came from, never its value.
    /// </summary>
    public static DrawingsDatabase Locate(string? file, string? connectionString, string dataDirectory)
    {
        if (file is not null && connectionString is not null)
        {
            throw new UsageException("--drawings-db names a SQLite file and --drawings-connection a PostgreSQL database; give one of them.");
        }

        var source = "--drawings-connection";
        if (file is null && connectionString is null && Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } fromEnvironment)
        {
            (connectionString, source) = (fromEnvironment, $"${ConnectionVariable}");
        }

        if (connectionString is null)
        {
            return DrawingsDatabase.SqliteFile(file ?? DrawingStore.DefaultPath(dataDirectory));
        }

        try
        {
            return DrawingsDatabase.PostgreSql(connectionString, source);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// Reads every saved drawing. A missing file or an empty collection is a usage error saying how
    /// to collect drawings; a refused (or unreachable) database throws <see cref="MnistBlazor.Shared.Data.DataFileException"/>.
    /// </summary>
    public static (LabeledSet Set, IReadOnlyList<long> Ids) Load(DrawingsDatabase database)
    {
        if (database.FilePath is { } path && !File.Exists(path))
        {
            throw new UsageException(
                $"No saved drawings: {path} does not exist. Start the web app (dotnet run --project Server), "
                + "draw digits and use \"Save as digit\", or pass --drawings-db with the database file (or --drawings-connection for a shared PostgreSQL database).");
        }

        using var store = DrawingStore.Open(database);
        var drawings = store.ReadLabeledImages();
        if (drawings.Images.Count == 0)
        {
            throw new UsageException($"{database.FilePath ?? database.Name} holds no saved drawings yet; save some on the web app's drawing page first.");
        }

        return (new LabeledSet(SavedDrawing.DatasetName, drawings.Images), drawings.Ids);
    }
}
