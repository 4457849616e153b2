using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Training.Evaluation;

namespace MnistBlazor.Training.Drawings;

/// <summary>The drawings saved in the web app, as a labelled set for evaluation and fine-tuning.</summary>
public static class SavedDrawingsSet
{
    /// <summary>
    /// Where the drawings are: the PostgreSQL database of <paramref name="connectionString"/> (else of
    /// <see cref="DrawingsDatabase.ConnectionVariable"/> when no file is named), else the SQLite file (default
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
        if (file is null && connectionString is null && Environment.GetEnvironmentVariable(DrawingsDatabase.ConnectionVariable) is { Length: > 0 } fromEnvironment)
        {
            (connectionString, source) = (fromEnvironment, $"${DrawingsDatabase.ConnectionVariable}");
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
    /// Reads every saved drawing that is one digit, its image made from its strokes by today's preprocessing
    /// (<see cref="SavedDrawingsReadToday"/>). Drawings saved before the web app refused several digits side by
    /// side (<see cref="SavableDrawing"/>) are left out, found again from their strokes, and their ids returned; ink in
    /// parts the person said is one digit is kept, as one digit. A
    /// missing file or an empty collection is a usage error saying how to collect drawings; a refused (or unreachable)
    /// database throws <see cref="MnistBlazor.Shared.Data.DataFileException"/>.
    /// </summary>
    public static SavedDrawings Load(DrawingsDatabase database)
    {
        if (database.FilePath is { } path && !File.Exists(path))
        {
            throw new UsageException(
                $"No saved drawings: {path} does not exist. Start the web app (dotnet run --project Server), "
                + "draw digits and use \"Save as digit\", or pass --drawings-db with the database file (or --drawings-connection for a shared PostgreSQL database).");
        }

        using var store = DrawingStore.Open(database);
        var drawings = new SavedDrawingsReadToday().Read(store);
        if (drawings.All.Ids.Count == 0)
        {
            throw new UsageException($"{database.FilePath ?? database.Name} holds no saved drawings yet; save some on the web app's drawing page first.");
        }

        var kept = drawings.SingleDigits;
        if (kept.Ids.Count == 0)
        {
            throw new UsageException(
                $"Every drawing in {database.FilePath ?? database.Name} looks like several digits side by side; save single digits on the web app's drawing page first.");
        }

        return new SavedDrawings(
            new LabeledSet(SavedDrawing.DatasetName, kept.Images),
            kept.Ids,
            drawings.All.Ids.Where(drawings.SeveralDigits.Contains).ToArray(),
            drawings.SingleDigitsChangedSinceSaved);
    }
}

/// <summary>The saved drawings a model may learn from or be measured on, and those left out.</summary>
/// <param name="Set">The single-digit drawings' images and labels.</param>
/// <param name="Ids">Their ids, in the set's order.</param>
/// <param name="SeveralDigits">Ids of drawings left out because they look like several digits side by side.</param>
/// <param name="ChangedSinceSaved">How many of the kept drawings' images, read from their strokes today, differ from the image stored when they were saved.</param>
public sealed record SavedDrawings(LabeledSet Set, IReadOnlyList<long> Ids, IReadOnlyList<long> SeveralDigits, int ChangedSinceSaved = 0)
{
    /// <summary>What the console says about how the drawings were read (what was left out, what was read again).</summary>
    public IEnumerable<string> Notes => new[] { LeftOutMessage, ReadAgainMessage }.OfType<string>();

    /// <summary>Says how many images are not what was stored at saving, or null when all are.</summary>
    public string? ReadAgainMessage => ChangedSinceSaved == 0
        ? null
        : $"{ChangedSinceSaved} saved drawing{(ChangedSinceSaved == 1 ? " is" : "s are")} read from {(ChangedSinceSaved == 1 ? "its" : "their")} strokes with today's preprocessing, "
          + "which makes a different image from the one stored when saved.";

    /// <summary>What was left out and what to do about it, or null when nothing was.</summary>
    public string? LeftOutMessage => SeveralDigits.Count == 0
        ? null
        : $"Left out {SeveralDigits.Count} saved drawing{(SeveralDigits.Count == 1 ? "" : "s")} that look like several digits side by side "
          + $"(id{(SeveralDigits.Count == 1 ? "" : "s")} {string.Join(", ", SeveralDigits.Take(20))}{(SeveralDigits.Count > 20 ? ", ..." : "")}): "
          + "the models read one digit per image. On the My digits page, mark each that is one digit written in parts \"One digit\"; delete the others, and save each of their digits on its own.";
}
