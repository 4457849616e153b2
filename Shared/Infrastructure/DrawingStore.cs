using System.Globalization;
using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.IO;

using MnistBlazor.Shared.Drawings;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>
/// The saved drawings: a SQLite database (WAL mode, busy timeout) that many sessions may write at
/// once. Opening checks the file before changing anything: a corrupt file, another program's
/// database or one from a newer MnistBlazor is refused with <see cref="DataFileException"/> and left
/// untouched; an older layout of ours is migrated forward. Thread-safe: every call uses its own
/// (pooled) connection.
/// SQLite failures during use throw <see cref="DrawingStorageException"/> (busy, full, other). The
/// store remembers which file it opened (<see cref="FileIdentity"/>): when that file is deleted or
/// replaced while the store is in use, every call is refused (nothing goes to an unlinked file, and
/// no empty database is silently created in its place).
/// </summary>
public sealed class DrawingStore : IDisposable
{
    public const string DefaultFileName = "drawings.db";

    private readonly string connectionString;
    private readonly DrawingStoreOptions options;
    private FileIdentity? identity;
    private StoreIdPage? storeIdPage;

    private DrawingStore(string path, string connectionString, DrawingStoreOptions options)
    {
        Path = path;
        this.connectionString = connectionString;
        this.options = options;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary><c>&lt;data directory&gt;/drawings.db</c>.</summary>
    public static string DefaultPath(string dataDirectory) => System.IO.Path.Combine(dataDirectory, DefaultFileName);

    /// <summary>Opens (creating it when missing) and migrates the database at <paramref name="path"/>.</summary>
    public static DrawingStore Open(string path, DrawingStoreOptions? options = null)
    {
        options ??= new DrawingStoreOptions();
        var fullPath = System.IO.Path.GetFullPath(path);
        var existing = new FileInfo(fullPath) is { Exists: true, Length: > 0 };
        if (existing)
        {
            Inspect(fullPath).ThrowIfNotOurs(fullPath);
        }
        else
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            // Microsoft.Data.Sqlite retries a busy database until the command timeout (whole seconds).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        var store = new DrawingStore(fullPath, connectionString, options);
        try
        {
            store.Migrate();
            store.identity = FileIdentity.Of(fullPath);
            store.storeIdPage = store.FindStoreIdPage();
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new DataFileException(fullPath, $"cannot be prepared as the drawings database: {e.Message}", innerException: e);
        }

        return store;
    }

    /// <summary>Reads the file's identity and layout without writing to it.</summary>
    public static DatabaseIdentity Inspect(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            var check = Scalar<string>(connection, "PRAGMA quick_check;");
            var tables = new List<string>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name;";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            return new DatabaseIdentity(
                Convert.ToInt32(Scalar<long>(connection, "PRAGMA application_id;"), CultureInfo.InvariantCulture),
                Convert.ToInt32(Scalar<long>(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture),
                tables,
                check == "ok" ? null : check);
        }
        catch (SqliteException e)
        {
            throw new DataFileException(
                path,
                $"is not a readable SQLite database (SQLite error {e.SqliteErrorCode}: {e.Message.Split('\n')[0]}). "
                + "It was left untouched; move it away to start a new collection of drawings.",
                innerException: e);
        }
    }

    public long Add(NewDrawing drawing) => Use(() => AddCore(drawing));

    private long AddCore(NewDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        RequireLabel(drawing.Label);
        if (drawing.Image.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"The image has {drawing.Image.Length} bytes; a 28x28 image has {MnistGeometry.PixelCount}.", nameof(drawing));
        }

        var badPrediction = drawing.Predictions.FirstOrDefault(p => p.Digit is < 0 or > 9 || !float.IsFinite(p.Confidence));
        if (badPrediction is not null)
        {
            throw new ArgumentException($"The prediction of {badPrediction.ModelId} ({badPrediction.Digit}, {badPrediction.Confidence}) is not a digit with a finite confidence.", nameof(drawing));
        }

        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        long id;
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO drawings (label, created_at, strokes_json, canvas_png, image)
                VALUES ($label, $created, $strokes, $png, $image)
                RETURNING id;
                """;
            insert.Parameters.AddWithValue("$label", drawing.Label);
            insert.Parameters.AddWithValue("$created", FormatTime(drawing.CreatedAt));
            insert.Parameters.AddWithValue("$strokes", StrokeDrawingJson.Serialize(drawing.Strokes));
            insert.Parameters.AddWithValue("$png", (object?)drawing.CanvasPng ?? DBNull.Value);
            insert.Parameters.AddWithValue("$image", drawing.Image);
            id = (long)insert.ExecuteScalar()!;
        }

        foreach (var prediction in drawing.Predictions.DistinctBy(p => p.ModelId))
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO predictions (drawing_id, model_id, digit, confidence) VALUES ($id, $model, $digit, $confidence);";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$model", prediction.ModelId);
            insert.Parameters.AddWithValue("$digit", prediction.Digit);
            insert.Parameters.AddWithValue("$confidence", (double)prediction.Confidence);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return id;
    }

    public int Count() => Use(CountCore);

    /// <summary>
    /// Changes whenever a drawing is added, relabelled or deleted (by this app or another program):
    /// what cached results computed from the drawings are keyed by.
    /// </summary>
    public string Version() => Use(() =>
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), coalesce(max(id), 0), coalesce(sum(id * (label + 1)), 0), coalesce(max(relabeled_at), '') FROM drawings;";
        using var reader = command.ExecuteReader();
        reader.Read();
        return string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(0)}:{reader.GetInt64(1)}:{reader.GetInt64(2)}:{reader.GetString(3)}");
    });

    private int CountCore()
    {
        using var connection = OpenConnection();
        return Convert.ToInt32(Scalar<long>(connection, "SELECT count(*) FROM drawings;"), CultureInfo.InvariantCulture);
    }

    /// <summary>Every drawing (without strokes and canvas capture), by label, then in saving order.</summary>
    public IReadOnlyList<SavedDrawingSummary> List() => Use(ListCore);

    private IReadOnlyList<SavedDrawingSummary> ListCore()
    {
        using var connection = OpenConnection();
        var predictions = ReadPredictions(connection, drawingId: null);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns} FROM drawings ORDER BY label, id;";
        using var reader = command.ExecuteReader();
        var result = new List<SavedDrawingSummary>();
        while (reader.Read())
        {
            result.Add(ReadSummary(reader, predictions));
        }

        return result;
    }

    public SavedDrawing? Get(long id) => Use(() => GetCore(id));

    private SavedDrawing? GetCore(long id)
    {
        using var connection = OpenConnection();
        var predictions = ReadPredictions(connection, id);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {SummaryColumns}, strokes_json, canvas_png FROM drawings WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var summary = ReadSummary(reader, predictions);
        StrokeDrawing strokes;
        try
        {
            strokes = StrokeDrawingJson.ReadSaved(reader.GetString(6));
        }
        catch (FormatException e)
        {
            throw new DataFileException(Path, e.Message, field: $"drawings.strokes_json of drawing {id}", innerException: e);
        }

        return new SavedDrawing(summary, strokes, reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7));
    }

    /// <summary>Changes a drawing's label; false when there is no such drawing.</summary>
    public bool Relabel(long id, int label, DateTimeOffset at)
    {
        RequireLabel(label);
        return Use(() => RelabelCore(id, label, at));
    }

    private bool RelabelCore(long id, int label, DateTimeOffset at)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE drawings SET label = $label, relabeled_at = $at WHERE id = $id;";
        command.Parameters.AddWithValue("$label", label);
        command.Parameters.AddWithValue("$at", FormatTime(at));
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Deletes a drawing and its predictions; false when there is no such drawing.</summary>
    public bool Delete(long id) => Use(() => DeleteCore(id));

    private bool DeleteCore(long id)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM drawings WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Every drawing's image and label in saving order, as the training and evaluation code reads data sets.</summary>
    public LabeledDrawings ReadLabeledImages() => Use(ReadLabeledImagesCore);

    private LabeledDrawings ReadLabeledImagesCore()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, label, image FROM drawings ORDER BY id;";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        var labels = new List<byte>();
        using var pixels = new MemoryStream();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
            labels.Add((byte)reader.GetInt32(1));
            pixels.Write((byte[])reader.GetValue(2));
        }

        return new LabeledDrawings(ids, new LabeledImages(pixels.ToArray(), labels.ToArray()));
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private const string SummaryColumns = "id, label, image, canvas_png IS NOT NULL, created_at, relabeled_at";

    private static SavedDrawingSummary ReadSummary(SqliteDataReader reader, IReadOnlyDictionary<long, List<DrawingPrediction>> predictions)
    {
        var id = reader.GetInt64(0);
        return new SavedDrawingSummary(
            id,
            reader.GetInt32(1),
            (byte[])reader.GetValue(2),
            reader.GetBoolean(3),
            predictions.TryGetValue(id, out var list) ? list : [],
            ParseTime(reader.GetString(4)),
            reader.IsDBNull(5) ? null : ParseTime(reader.GetString(5)));
    }

    private static Dictionary<long, List<DrawingPrediction>> ReadPredictions(SqliteConnection connection, long? drawingId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT drawing_id, model_id, digit, confidence FROM predictions"
            + (drawingId is null ? "" : " WHERE drawing_id = $id") + " ORDER BY drawing_id, model_id;";
        if (drawingId is { } id)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        using var reader = command.ExecuteReader();
        var result = new Dictionary<long, List<DrawingPrediction>>();
        while (reader.Read())
        {
            var owner = reader.GetInt64(0);
            if (!result.TryGetValue(owner, out var list))
            {
                result[owner] = list = [];
            }

            list.Add(new DrawingPrediction(reader.GetString(1), reader.GetInt32(2), (float)reader.GetDouble(3)));
        }

        return result;
    }

    private void Migrate()
    {
        using var connection = OpenConnection();
        // WAL lets readers go on while one session writes; it is stored in the file, so set it once here.
        Execute(connection, null, "PRAGMA journal_mode = WAL;");
        while (true)
        {
            using var transaction = connection.BeginTransaction();
            // Read again inside the write lock: another process may have migrated meanwhile.
            var version = Convert.ToInt32(Scalar<long>(connection, "PRAGMA user_version;", transaction), CultureInfo.InvariantCulture);
            if (version >= DrawingSchema.CurrentVersion)
            {
                transaction.Commit();
                return;
            }

            Execute(connection, transaction, DrawingSchema.Migrations[version]);
            Execute(connection, transaction, $"PRAGMA application_id = {DrawingSchema.ApplicationId}; PRAGMA user_version = {version + 1};");
            transaction.Commit();
        }
    }

    /// <summary>
    /// Runs one operation on the file this store opened: refused when that file was deleted or
    /// replaced meanwhile, by another file (another inode) or by another database's bytes written
    /// over it (another store id); SQLite failures become <see cref="DrawingStorageException"/>.
    /// </summary>
    private T Use<T>(Func<T> operation)
    {
        var fileName = System.IO.Path.GetFileName(Path);
        if (identity is { } opened && FileIdentity.Of(Path) != opened)
        {
            throw DrawingStorageException.Replaced(fileName);
        }

        try
        {
            if (storeIdPage is { } page && !page.IsIn(Path))
            {
                throw DrawingStorageException.Replaced(fileName);
            }

            return operation();
        }
        catch (SqliteException e)
        {
            throw StorageFailure(e, fileName);
        }
    }

    /// <summary>
    /// Where the file itself holds this database's random id (<see cref="DrawingSchema.StoreIdQuery"/>),
    /// after a checkpoint moved it from the write-ahead log into the file. Read from the file, not
    /// through SQLite, which would answer from its log and caches after the file was overwritten.
    /// Null when the checkpoint could not finish (another connection reading): no such check then.
    /// </summary>
    private StoreIdPage? FindStoreIdPage()
    {
        using var connection = OpenConnection();
        var id = Scalar<string>(connection, DrawingSchema.StoreIdQuery);
        var rootPage = Scalar<long>(connection, "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'store';");
        var pageSize = Scalar<long>(connection, "PRAGMA page_size;");
        Execute(connection, null, "PRAGMA wal_checkpoint(PASSIVE);"); // waits for no reader
        var page = new StoreIdPage((rootPage - 1) * pageSize, (int)pageSize, System.Text.Encoding.ASCII.GetBytes(id));
        return page.IsIn(Path) ? page : null;
    }

    /// <summary>The page of the file that holds the database's id (the store table's only page, written once).</summary>
    private sealed record StoreIdPage(long Offset, int Size, byte[] Id)
    {
        public bool IsIn(string path)
        {
            var buffer = new byte[Size];
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.Position = Offset;
                file.ReadAtLeast(buffer, Size, throwOnEndOfStream: false);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return false; // deleted since its identity was checked
            }

            return buffer.AsSpan().IndexOf(Id) >= 0;
        }
    }

    /// <summary>SQLite's primary result codes the faults come from.</summary>
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    private static DrawingStorageException StorageFailure(SqliteException e, string fileName) => (e.SqliteErrorCode & 0xFF) switch
    {
        SqliteBusy or SqliteLocked => new DrawingStorageException(DrawingStorageFault.Busy,
            $"The drawings database ({fileName}) is busy: another program or session holds a lock on it. Nothing was changed; try again in a moment.", e),
        SqliteFull => new DrawingStorageException(DrawingStorageFault.Full,
            $"The drawings database ({fileName}) is full: the disk (or the database's size limit) has no room left. Nothing was saved; free some space and try again.", e),
        _ => new DrawingStorageException(DrawingStorageFault.Failed,
            $"The drawings database ({fileName}) failed (SQLite error {e.SqliteErrorCode}: {FirstLine(e.Message)}).", e),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};"));
            if (options.MaxDatabaseBytes is { } maxBytes)
            {
                // Per connection, not stored in the file: SQLite answers SQLITE_FULL beyond it, as on a full disk.
                var pageSize = Scalar<long>(connection, "PRAGMA page_size;");
                Execute(connection, null, string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)};"));
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    private static void RequireLabel(int label)
    {
        if (label is < 0 or >= MnistGeometry.ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"A label is a digit 0..9; got {label}.");
        }
    }

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}

/// <summary>The saved drawings as a labelled image set, with each image's drawing id (same order).</summary>
public sealed record LabeledDrawings(IReadOnlyList<long> Ids, LabeledImages Images);

/// <summary>How the store uses its file.</summary>
public sealed record DrawingStoreOptions
{
    /// <summary>How long a call waits for another connection's lock before failing as busy.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest the database may grow (bytes), or null for no limit beyond the disk's; beyond it writes fail as "full".</summary>
    public long? MaxDatabaseBytes { get; init; }
}
