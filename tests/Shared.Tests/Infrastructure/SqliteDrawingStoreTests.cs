using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Tests.Drawings;

namespace MnistBlazor.Shared.Tests.Infrastructure;

/// <summary>The store's contract on a SQLite file, and what only a file can suffer (corruption, an old layout on disk).</summary>
public sealed class SqliteDrawingStoreTests : DrawingStoreContractTests, IDisposable
{
    private readonly TemporaryDirectory folder = new();

    private string DatabasePath => folder.File("drawings.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    protected override DrawingStore OpenStore(DrawingStoreOptions? options = null) => DrawingStore.Open(DatabasePath, options);

    protected override void Execute(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override long Query(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    protected override long SchemaVersion() => Query("PRAGMA user_version;");

    protected override void MarkAsAnotherApplication() => Execute("PRAGMA application_id = 42; PRAGMA user_version = 1;");

    protected override void MarkAsOurs(int version) => Execute($"PRAGMA application_id = {DrawingSchema.ApplicationId}; PRAGMA user_version = {version};");

    /// <summary>The folder's files and the database's bytes: a refused file is not even given a log beside it.</summary>
    protected override string Snapshot()
    {
        SqliteConnection.ClearAllPools();
        Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        return $"{string.Join(",", files)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(DatabasePath)))}";
    }

    protected override IDisposable HoldWriteLock()
    {
        var other = Connect();
        using var begin = other.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return other;
    }

    protected override void ReplaceWithAnotherDatabase()
    {
        var path = folder.File("other.db");
        using (var other = DrawingStore.Open(path))
        {
            other.Add(SampleDrawings.Of(5));
        }

        SqliteConnection.ClearAllPools();
        File.Move(path, DatabasePath, overwrite: true);
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    [Fact]
    public void A_new_file_is_in_WAL_mode_and_marked_as_ours()
    {
        using (OpenStore())
        {
        }

        Assert.Equal(DrawingSchema.ApplicationId, Query("PRAGMA application_id;"));
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public void An_empty_file_is_migrated_to_the_current_schema()
    {
        File.WriteAllBytes(DatabasePath, []);

        using (var store = OpenStore())
        {
            store.Add(SampleDrawings.Of(3));
            Assert.Equal(1, store.Count());
        }

        Assert.Equal(DrawingSchema.CurrentVersion, SchemaVersion());
    }

    [Fact]
    public void A_version_1_database_is_migrated_and_keeps_its_drawings()
    {
        // The version-1 layout written by hand, as the first release of the store left it.
        var image = SampleDrawings.Of(5).Image;
        using (var connection = Connect())
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE drawings (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    label INTEGER NOT NULL CHECK (label BETWEEN 0 AND 9),
                    created_at TEXT NOT NULL,
                    strokes_json TEXT NOT NULL,
                    canvas_png BLOB,
                    image BLOB NOT NULL CHECK (length(image) = 784));
                CREATE TABLE predictions (
                    drawing_id INTEGER NOT NULL REFERENCES drawings (id) ON DELETE CASCADE,
                    model_id TEXT NOT NULL,
                    digit INTEGER NOT NULL,
                    confidence REAL NOT NULL,
                    PRIMARY KEY (drawing_id, model_id)) WITHOUT ROWID;
                INSERT INTO drawings (label, created_at, strokes_json, canvas_png, image)
                VALUES (5, '2026-11-01T10:00:00.0000000+00:00', '{"width":280,"height":280,"strokes":[{"width":20,"points":[[10,10],[200,200]]}]}', NULL, $image);
                INSERT INTO predictions VALUES (1, 'nn', 6, 0.625);
                PRAGMA application_id = 1296188503;
                PRAGMA user_version = 1;
                """;
            command.Parameters.AddWithValue("$image", image);
            command.ExecuteNonQuery();
        }

        using var store = OpenStore();

        Assert.Equal(DrawingSchema.CurrentVersion, SchemaVersion());
        var old = Assert.Single(store.List());
        Assert.Equal(5, old.Label);
        Assert.Equal(image, old.Image);
        Assert.Null(old.RelabeledAt);
        Assert.False(old.ReadAsOneDigit);
        Assert.Equal([new DrawingPrediction("nn", 6, 0.625f)], old.Predictions);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), old.CreatedAt);
        Assert.Equal(2, store.Get(old.Id)!.Strokes.Strokes[0].Points.Count);
        Assert.True(store.Relabel(old.Id, 6, SampleDrawings.SavedAt));
        Assert.Equal(1L, Query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'drawings_by_label';"));
    }

    [Fact]
    public void A_database_whose_folder_cannot_be_made_is_refused_with_its_name()
    {
        var blocker = folder.File("a-file");
        File.WriteAllText(blocker, "not a folder");
        var path = Path.Combine(blocker, "drawings.db");

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith("its folder cannot be created (", error.Problem);
        Assert.Equal("not a folder", File.ReadAllText(blocker));
    }

    [Fact]
    public void A_corrupt_file_is_refused_with_its_name_and_left_untouched()
    {
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(DatabasePath, bytes);

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Equal(DatabasePath, error.FilePath);
        Assert.Contains(DatabasePath, error.Message);
        Assert.Matches(@"^is not a readable SQLite database \(SQLite Error \d+: '[^']+'\)\. It was left untouched", error.Problem);
        AssertUntouched(bytes);
    }

    [Fact]
    public void A_database_with_a_damaged_page_is_refused_and_left_untouched()
    {
        using (var store = OpenStore())
        {
            for (var i = 0; i < 30; i++)
            {
                store.Add(SampleDrawings.Of(i % 10));
            }
        }

        SqliteConnection.ClearAllPools();
        Execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
        var bytes = File.ReadAllBytes(DatabasePath);
        // Overwrite the middle of the file (table pages), keep the header valid.
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 3000; i++)
        {
            bytes[i] = 0xA5;
        }

        File.WriteAllBytes(DatabasePath, bytes);

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Contains(DatabasePath, error.Message);
        AssertUntouched(bytes);
    }

    [Fact]
    public void A_refusal_names_the_file_and_the_pragma()
    {
        Execute("CREATE TABLE drawings (id INTEGER PRIMARY KEY);");
        MarkAsOurs(99);

        var error = Assert.Throws<DataFileException>(() => OpenStore());

        Assert.Equal(DatabasePath, error.FilePath);
        Assert.Equal("user_version", error.Field);
    }

    private void AssertUntouched(byte[] expected)
    {
        SqliteConnection.ClearAllPools();
        Assert.Equal(expected, File.ReadAllBytes(DatabasePath));
        Assert.Equal(["drawings.db"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }
}
