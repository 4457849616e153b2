using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Tests.Drawings;

namespace MnistBlazor.Shared.Tests.Infrastructure;

public sealed class DrawingStoreTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    private string DatabasePath => folder.File("drawings.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void A_new_file_gets_the_current_schema_in_WAL_mode()
    {
        using (DrawingStore.Open(DatabasePath))
        {
        }

        Assert.Equal(DrawingSchema.CurrentVersion, Pragma("user_version"));
        Assert.Equal(DrawingSchema.ApplicationId, Pragma("application_id"));
        Assert.Equal("wal", PragmaText("journal_mode"));
    }

    [Fact]
    public void A_saved_drawing_reads_back_with_everything_stored()
    {
        using var store = DrawingStore.Open(DatabasePath);
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 };
        var drawing = SampleDrawings.Of(7, png: png);

        var id = store.Add(drawing);

        var saved = store.Get(id)!;
        Assert.Equal(7, saved.Summary.Label);
        Assert.Equal(drawing.Image, saved.Summary.Image);
        Assert.Equal(png, saved.CanvasPng);
        Assert.True(saved.Summary.HasCanvasPng);
        Assert.Equal(SampleDrawings.SavedAt, saved.Summary.CreatedAt);
        Assert.Null(saved.Summary.RelabeledAt);
        Assert.Equal(drawing.Strokes.Width, saved.Strokes.Width);
        Assert.Equal(drawing.Strokes.Strokes.Count, saved.Strokes.Strokes.Count);
        for (var s = 0; s < drawing.Strokes.Strokes.Count; s++)
        {
            Assert.Equal(drawing.Strokes.Strokes[s].Width, saved.Strokes.Strokes[s].Width);
            Assert.Equal(drawing.Strokes.Strokes[s].Points, saved.Strokes.Strokes[s].Points);
        }

        Assert.Equal(drawing.Predictions.OrderBy(p => p.ModelId, StringComparer.Ordinal), saved.Summary.Predictions);
        Assert.Null(store.Get(id + 1));
    }

    [Fact]
    public void The_gallery_lists_by_label_then_saving_order()
    {
        using var store = DrawingStore.Open(DatabasePath);
        var seven = store.Add(SampleDrawings.Of(7));
        var one = store.Add(SampleDrawings.Of(1));
        var secondSeven = store.Add(SampleDrawings.Of(7, png: null));

        var listed = store.List();

        Assert.Equal([one, seven, secondSeven], listed.Select(d => d.Id));
        Assert.All(listed, d => Assert.Equal(3, d.Predictions.Count));
        Assert.Equal(3, store.Count());
    }

    [Fact]
    public void Relabel_changes_the_label_and_records_when()
    {
        using var store = DrawingStore.Open(DatabasePath);
        var id = store.Add(SampleDrawings.Of(1));
        var later = SampleDrawings.SavedAt.AddMinutes(5);

        Assert.True(store.Relabel(id, 4, later));

        var saved = store.Get(id)!.Summary;
        Assert.Equal(4, saved.Label);
        Assert.Equal(later, saved.RelabeledAt);
        Assert.False(store.Relabel(id + 100, 4, later));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Relabel(id, 10, later));
    }

    [Fact]
    public void Delete_removes_the_drawing_and_its_predictions()
    {
        using var store = DrawingStore.Open(DatabasePath);
        var kept = store.Add(SampleDrawings.Of(1));
        var deleted = store.Add(SampleDrawings.Of(7));

        Assert.True(store.Delete(deleted));

        Assert.False(store.Delete(deleted));
        Assert.Null(store.Get(deleted));
        Assert.Equal([kept], store.List().Select(d => d.Id));
        Assert.Equal(3L, Query("SELECT count(*) FROM predictions;"));
    }

    [Fact]
    public void Bad_drawings_are_refused_before_touching_the_database()
    {
        using var store = DrawingStore.Open(DatabasePath);

        Assert.Throws<ArgumentOutOfRangeException>(() => store.Add(SampleDrawings.Of(1) with { Label = 10 }));
        Assert.Throws<ArgumentException>(() => store.Add(SampleDrawings.Of(1) with { Image = new byte[783] }));
        Assert.Throws<ArgumentException>(() => store.Add(SampleDrawings.Of(1) with { Predictions = [new DrawingPrediction("nn", 11, 0.5f)] }));
        Assert.Equal(0, store.Count());
    }

    [Fact]
    public void An_empty_file_is_migrated_to_the_current_schema()
    {
        File.WriteAllBytes(DatabasePath, []);

        using (var store = DrawingStore.Open(DatabasePath))
        {
            store.Add(SampleDrawings.Of(3));
            Assert.Equal(1, store.Count());
        }

        Assert.Equal(DrawingSchema.CurrentVersion, Pragma("user_version"));
    }

    [Fact]
    public void A_version_1_database_is_migrated_and_keeps_its_drawings()
    {
        // The version-1 layout written by hand, as the first release of the store left it.
        var image = SampleDrawings.Of(5).Image;
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
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

        using var store = DrawingStore.Open(DatabasePath);

        Assert.Equal(DrawingSchema.CurrentVersion, Pragma("user_version"));
        var old = Assert.Single(store.List());
        Assert.Equal(5, old.Label);
        Assert.Equal(image, old.Image);
        Assert.Null(old.RelabeledAt);
        Assert.Equal([new DrawingPrediction("nn", 6, 0.625f)], old.Predictions);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), old.CreatedAt);
        Assert.Equal(2, store.Get(old.Id)!.Strokes.Strokes[0].Points.Count);
        Assert.True(store.Relabel(old.Id, 6, SampleDrawings.SavedAt));
        Assert.Equal(1L, Query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'drawings_by_label';"));
    }

    [Fact]
    public void Stored_strokes_are_read_leniently_but_broken_ones_are_refused_naming_the_drawing_and_field()
    {
        using var store = DrawingStore.Open(DatabasePath);
        var id = store.Add(SampleDrawings.Of(1));

        // An older drawing: an empty stroke and a pen wider than today's pad allows.
        SetStrokesJson(id, """{"width":280,"height":280,"strokes":[{"width":5,"points":[]},{"width":90,"points":[[10,10],[200,200]]}]}""");
        var strokes = store.Get(id)!.Strokes;
        Assert.Empty(strokes.Strokes[0].Points);
        Assert.Equal(90, strokes.Strokes[1].Width);

        SetStrokesJson(id, """{"width":280,"height":280,"strokes":[{"width":5,"points":[[10,"ten"]]}]}""");
        var error = Assert.Throws<DataFileException>(() => store.Get(id));
        Assert.Equal($"drawings.strokes_json of drawing {id}", error.Field);
        Assert.Equal("strokes[0].points[0][1] is the string \"ten\", not a number.", error.Problem);
    }

    [Fact]
    public void Reopening_the_current_schema_changes_nothing()
    {
        using (var store = DrawingStore.Open(DatabasePath))
        {
            store.Add(SampleDrawings.Of(2));
        }

        using var again = DrawingStore.Open(DatabasePath);
        Assert.Equal(1, again.Count());
        Assert.Equal(DrawingSchema.CurrentVersion, Pragma("user_version"));
    }

    [Fact]
    public void A_corrupt_file_is_refused_with_its_name_and_left_untouched()
    {
        var bytes = new byte[8192];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(DatabasePath, bytes);

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(DatabasePath));

        Assert.Equal(DatabasePath, error.FilePath);
        Assert.Contains(DatabasePath, error.Message);
        Assert.Contains("untouched", error.Message);
        AssertUntouched(bytes);
    }

    [Fact]
    public void A_database_with_a_damaged_page_is_refused_and_left_untouched()
    {
        using (var store = DrawingStore.Open(DatabasePath))
        {
            for (var i = 0; i < 30; i++)
            {
                store.Add(SampleDrawings.Of(i % 10));
            }
        }

        SqliteConnection.ClearAllPools();
        CheckpointAndLeaveWal();
        var bytes = File.ReadAllBytes(DatabasePath);
        // Overwrite the middle of the file (table pages), keep the header valid.
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 3000; i++)
        {
            bytes[i] = 0xA5;
        }

        File.WriteAllBytes(DatabasePath, bytes);

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(DatabasePath));

        Assert.Contains(DatabasePath, error.Message);
        AssertUntouched(bytes);
    }

    [Fact]
    public void Another_programs_database_is_refused_and_left_untouched()
    {
        CreateForeign("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers VALUES (1, 'Ada');");
        var bytes = File.ReadAllBytes(DatabasePath);

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(DatabasePath));

        Assert.Contains(DatabasePath, error.Message);
        Assert.Contains("customers", error.Message);
        AssertUntouched(bytes);
    }

    [Fact]
    public void A_database_with_another_application_id_is_refused()
    {
        CreateForeign("PRAGMA application_id = 42; PRAGMA user_version = 1;");
        var bytes = File.ReadAllBytes(DatabasePath);

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(DatabasePath));

        Assert.Contains("another application", error.Message);
        AssertUntouched(bytes);
    }

    [Fact]
    public void A_database_from_a_newer_version_is_refused_and_left_untouched()
    {
        CreateForeign($"CREATE TABLE drawings (id INTEGER PRIMARY KEY); PRAGMA application_id = {DrawingSchema.ApplicationId}; PRAGMA user_version = 99;");
        var bytes = File.ReadAllBytes(DatabasePath);

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(DatabasePath));

        Assert.Contains("version 99", error.Message);
        Assert.Equal("user_version", error.Field);
        AssertUntouched(bytes);
    }

    [Fact]
    public void Our_schema_with_unknown_tables_is_refused_and_left_untouched()
    {
        using (var store = DrawingStore.Open(DatabasePath))
        {
            store.Add(SampleDrawings.Of(1));
        }

        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE secrets (value TEXT); PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
            command.ExecuteNonQuery();
        }

        var bytes = File.ReadAllBytes(DatabasePath);

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(DatabasePath));

        Assert.Contains("unknown tables secrets", error.Message);
        AssertUntouched(bytes);
    }

    [Fact]
    public async Task Concurrent_saves_from_many_tasks_are_all_counted()
    {
        using var first = DrawingStore.Open(DatabasePath);
        using var second = DrawingStore.Open(DatabasePath);
        const int tasks = 16;
        const int savesPerTask = 25;

        var ids = await Task.WhenAll(Enumerable.Range(0, tasks).Select(t => Task.Run(() =>
        {
            var store = t % 2 == 0 ? first : second;
            var saved = new List<long>();
            for (var i = 0; i < savesPerTask; i++)
            {
                saved.Add(store.Add(SampleDrawings.Of((t + i) % 10)));
            }

            return saved;
        })));

        Assert.Equal(tasks * savesPerTask, first.Count());
        Assert.Equal(tasks * savesPerTask, ids.SelectMany(i => i).Distinct().Count());
        Assert.Equal(tasks * savesPerTask * 3L, Query("SELECT count(*) FROM predictions;"));
    }

    [Fact]
    public void The_drawings_read_as_a_labelled_image_set_in_saving_order()
    {
        using var store = DrawingStore.Open(DatabasePath);
        var seven = SampleDrawings.Of(7);
        var one = SampleDrawings.Of(1);
        var sevenId = store.Add(seven);
        var oneId = store.Add(one);

        var set = store.ReadLabeledImages();

        Assert.Equal([sevenId, oneId], set.Ids);
        Assert.Equal([7, 1], set.Images.Labels!.Select(l => (int)l));
        Assert.Equal(seven.Image, set.Images.ImageBytes(0).ToArray());
        Assert.Equal(one.Image, set.Images.ImageBytes(1).ToArray());
    }

    private void CreateForeign(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void CheckpointAndLeaveWal()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
        command.ExecuteNonQuery();
    }

    private void AssertUntouched(byte[] expected)
    {
        SqliteConnection.ClearAllPools();
        Assert.Equal(expected, File.ReadAllBytes(DatabasePath));
        Assert.Equal(["drawings.db"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    private void SetStrokesJson(long id, string json)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE drawings SET strokes_json = $json WHERE id = $id;";
        command.Parameters.AddWithValue("$json", json);
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private long Pragma(string name) => Query($"PRAGMA {name};");

    private string PragmaText(string name)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (string)command.ExecuteScalar()!;
    }

    private long Query(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
