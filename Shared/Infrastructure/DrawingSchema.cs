namespace MnistBlazor.Shared.Infrastructure;

/// <summary>
/// The saved-drawings database layout, versioned by <c>PRAGMA user_version</c> and marked as ours by
/// <c>PRAGMA application_id</c>. Migrations only go forward, one version at a time.
/// </summary>
public static class DrawingSchema
{
    /// <summary>"MBDW" (MnistBlazor drawings): tells our file from any other SQLite database.</summary>
    public const int ApplicationId = 0x4D424457;

    public static int CurrentVersion => Migrations.Count;

    /// <summary>Migrations[i] takes the database from version i to version i + 1.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // v1: drawings and the predictions made when each was saved.
        """
        CREATE TABLE drawings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            label INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
            created_at TEXT NOT NULL,
            strokes_json TEXT NOT NULL,
            canvas_png BLOB,
            image BLOB NOT NULL CHECK (length(image) = 784)
        );
        CREATE TABLE predictions (
            drawing_id INTEGER NOT NULL REFERENCES drawings (id) ON DELETE CASCADE,
            model_id TEXT NOT NULL,
            digit INTEGER NOT NULL CHECK (digit BETWEEN 0 AND 9),
            confidence REAL NOT NULL,
            PRIMARY KEY (drawing_id, model_id)
        ) WITHOUT ROWID;
        """,
        // v2: relabelling is recorded, and the gallery reads drawings by label.
        """
        ALTER TABLE drawings ADD COLUMN relabeled_at TEXT;
        CREATE INDEX drawings_by_label ON drawings (label, id);
        """,
        // v3: a random identity of this database, so a file copied over it in place (same inode) is told apart.
        """
        CREATE TABLE store (id TEXT NOT NULL);
        INSERT INTO store (id) VALUES (lower(hex(randomblob(16))));
        """,
    ];

    /// <summary>The query for the database's random identity (version 3 on).</summary>
    public const string StoreIdQuery = "SELECT id FROM store;";

    /// <summary>The tables (SQLite's own sqlite_* tables aside) a database of each version holds.</summary>
    public static IReadOnlySet<string> TablesAt(int version) => version switch
    {
        0 => new HashSet<string>(),
        < 3 => new HashSet<string>(StringComparer.Ordinal) { "drawings", "predictions" },
        _ => new HashSet<string>(StringComparer.Ordinal) { "drawings", "predictions", "store" },
    };
}
