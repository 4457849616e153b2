using System.Data.Common;
using System.Globalization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>
/// The saved drawings, in a SQLite file (<see cref="SqliteDrawingStore"/>) or a shared PostgreSQL database
/// (<see cref="PostgreSqlDrawingStore"/>); callers use this contract and do not care which. Opening checks
/// the database before changing anything: another program's database or one from a newer MnistBlazor is
/// refused with <see cref="DataFileException"/> and left untouched; an older layout of ours is migrated
/// forward. Thread-safe: every call uses its own (pooled) connection.
/// Database failures during use throw <see cref="DrawingStorageException"/> (busy, full, replaced, other).
/// Everything here is SQL both databases accept; the subclasses hold what differs.
/// </summary>
public abstract class DrawingStore : IDisposable
{
    public const string DefaultFileName = "drawings.db";

    protected DrawingStore(string name) => Name = name;

    /// <summary>What messages call the database: the file's name, or the PostgreSQL database's name and host.</summary>
    public string Name { get; }

    /// <summary><c>&lt;data directory&gt;/drawings.db</c>.</summary>
    public static string DefaultPath(string dataDirectory) => System.IO.Path.Combine(dataDirectory, DefaultFileName);

    /// <summary>Opens (creating and migrating it as needed) the drawings database.</summary>
    public static DrawingStore Open(DrawingsDatabase database, DrawingStoreOptions? options = null) =>
        database.ConnectionString is { } connectionString
            ? PostgreSqlDrawingStore.Open(database.Name, connectionString, options)
            : SqliteDrawingStore.Open(database.FilePath!, options);

    /// <summary>Opens (creating it when missing) and migrates the SQLite file at <paramref name="path"/>.</summary>
    public static DrawingStore Open(string path, DrawingStoreOptions? options = null) => SqliteDrawingStore.Open(path, options);

    public long Add(NewDrawing drawing) => AddAll([drawing])[0];

    /// <summary>
    /// Adds <paramref name="drawings"/> in one transaction (all of them or, on any failure, none), in their order.
    /// </summary>
    /// <returns>Their ids, in the same order.</returns>
    public IReadOnlyList<long> AddAll(IReadOnlyList<NewDrawing> drawings)
    {
        ArgumentNullException.ThrowIfNull(drawings);
        for (var i = 0; i < drawings.Count; i++)
        {
            try
            {
                RequireSavable(drawings[i]);
            }
            catch (ArgumentException e) when (drawings.Count > 1)
            {
                throw new ArgumentException($"Drawing {i + 1} of {drawings.Count}: {e.Message}", nameof(drawings), e);
            }
        }

        return Use(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var ids = new long[drawings.Count];
            for (var i = 0; i < drawings.Count; i++)
            {
                ids[i] = Insert(connection, transaction, drawings[i]);
            }

            transaction.Commit();
            return ids;
        });
    }

    private static void RequireSavable(NewDrawing drawing)
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
    }

    private static long Insert(DbConnection connection, DbTransaction transaction, NewDrawing drawing)
    {
        long id;
        using (var insert = Command(connection, """
            INSERT INTO drawings (label, created_at, strokes_json, canvas_png, image, read_as_one_digit, relabeled_at)
            VALUES (@label, @created, @strokes, @png, @image, @oneDigit, @relabeled)
            RETURNING id;
            """, transaction))
        {
            AddParameter(insert, "@label", drawing.Label);
            AddParameter(insert, "@created", FormatTime(drawing.CreatedAt));
            AddParameter(insert, "@strokes", StrokeDrawingJson.Serialize(drawing.Strokes));
            AddParameter(insert, "@png", drawing.CanvasPng);
            AddParameter(insert, "@image", drawing.Image);
            AddParameter(insert, "@oneDigit", drawing.ReadAsOneDigit ? 1 : 0);
            AddParameter(insert, "@relabeled", drawing.RelabeledAt is { } relabeled ? FormatTime(relabeled) : null);
            id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        foreach (var prediction in drawing.Predictions.DistinctBy(p => p.ModelId))
        {
            using var insert = Command(connection, "INSERT INTO predictions (drawing_id, model_id, digit, confidence) VALUES (@id, @model, @digit, @confidence);", transaction);
            AddParameter(insert, "@id", id);
            AddParameter(insert, "@model", prediction.ModelId);
            AddParameter(insert, "@digit", prediction.Digit);
            AddParameter(insert, "@confidence", (double)prediction.Confidence);
            insert.ExecuteNonQuery();
        }

        return id;
    }

    public int Count() => Use(connection => Convert.ToInt32(Scalar(connection, "SELECT count(*) FROM drawings;"), CultureInfo.InvariantCulture));

    /// <summary>
    /// Changes whenever a drawing is added, relabelled, said to be one digit or not, or deleted (by this app or another program):
    /// what cached results computed from the drawings are keyed by.
    /// </summary>
    public string Version() => Use(connection =>
    {
        using var command = Command(connection, """
            SELECT count(*), coalesce(max(id), 0), CAST(coalesce(sum(id * (label + 1)), 0) AS bigint), coalesce(max(relabeled_at), ''),
                   CAST(coalesce(sum(id * read_as_one_digit), 0) AS bigint)
            FROM drawings;
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt64(0)}:{reader.GetInt64(1)}:{reader.GetInt64(2)}:{reader.GetString(3)}:{reader.GetInt64(4)}");
    });

    /// <summary>Every drawing (without strokes and canvas capture), by label, then in saving order.</summary>
    public IReadOnlyList<SavedDrawingSummary> List() => Use(connection =>
    {
        var predictions = ReadPredictions(connection, ids: null);
        using var command = Command(connection, $"SELECT {SummaryColumns} FROM drawings ORDER BY label, id;");
        using var reader = command.ExecuteReader();
        var result = new List<SavedDrawingSummary>();
        while (reader.Read())
        {
            result.Add(ReadSummary(reader, predictions));
        }

        return result;
    });

    /// <summary>One drawing with everything stored about it, or without its canvas capture (up to megabytes) when it is not wanted.</summary>
    /// <exception cref="DataFileException">Its strokes are not valid (names the drawing).</exception>
    public SavedDrawing? Get(long id, bool withCanvasPng = true) => Use(connection =>
    {
        var predictions = ReadPredictions(connection, (id, id));
        using var command = Command(connection, $"SELECT {DrawingColumns(withCanvasPng)} FROM drawings WHERE id = @id;");
        AddParameter(command, "@id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadDrawing(reader, predictions, withCanvasPng) : null;
    });

    /// <summary>The canvas as the browser captured it when the drawing was saved; null without one or without such a drawing.</summary>
    public byte[]? GetCanvasPng(long id) => Use(connection =>
    {
        using var command = Command(connection, "SELECT canvas_png FROM drawings WHERE id = @id;");
        AddParameter(command, "@id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(0) ? (byte[])reader.GetValue(0) : null;
    });

    /// <summary>Changes a drawing's label; false when there is no such drawing.</summary>
    public bool Relabel(long id, int label, DateTimeOffset at)
    {
        RequireLabel(label);
        return Use(connection =>
        {
            using var command = Command(connection, "UPDATE drawings SET label = @label, relabeled_at = @at WHERE id = @id;");
            AddParameter(command, "@label", label);
            AddParameter(command, "@at", FormatTime(at));
            AddParameter(command, "@id", id);
            return command.ExecuteNonQuery() == 1;
        });
    }

    /// <summary>
    /// Deletes a drawing and its predictions, and gives back everything that was stored about it, as it was when deleted
    /// (to save it again with <see cref="Add"/>, as an undo); null when there is no such drawing. A drawing whose strokes
    /// cannot be read (written by another program) is deleted all the same, and given back without strokes: its stored
    /// image is what can be saved again.
    /// </summary>
    public SavedDrawing? Delete(long id) => Use(connection =>
    {
        using var transaction = connection.BeginTransaction();
        // Predictions never change once saved; the row is read by the deletion itself, so a relabelling just before it is kept.
        var predictions = ReadPredictions(connection, (id, id), transaction);
        using var command = Command(connection, $"DELETE FROM drawings WHERE id = @id RETURNING {DrawingColumns(withCanvasPng: true)};", transaction);
        AddParameter(command, "@id", id);
        SavedDrawing? deleted;
        using (var reader = command.ExecuteReader())
        {
            deleted = reader.Read() ? ReadDrawing(reader, predictions, withCanvasPng: true, unreadableStrokes: SavedDrawing.NoStrokes) : null;
        }

        transaction.Commit();
        return deleted;
    });

    /// <summary>Every drawing's image and label in saving order, as the training and evaluation code reads data sets.</summary>
    public LabeledDrawings ReadLabeledImages() => Use(connection =>
    {
        using var command = Command(connection, "SELECT id, label, image FROM drawings ORDER BY id;");
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
    });

    /// <summary>
    /// The pen strokes and stored image of every drawing whose id is above <paramref name="afterId"/> (all by default),
    /// in id order.
    /// </summary>
    /// <exception cref="DataFileException">A drawing's strokes are not valid (names the drawing).</exception>
    public IReadOnlyList<(long Id, StrokeDrawing Strokes, byte[] Image)> ReadStrokes(long afterId = 0) => Use(connection =>
    {
        using var command = Command(connection, "SELECT id, strokes_json, image FROM drawings WHERE id > @after ORDER BY id;");
        AddParameter(command, "@after", afterId);
        using var reader = command.ExecuteReader();
        var result = new List<(long, StrokeDrawing, byte[])>();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            try
            {
                result.Add((id, StrokeDrawingJson.ReadSaved(reader.GetString(1)), (byte[])reader.GetValue(2)));
            }
            catch (FormatException e)
            {
                throw new DataFileException(Name, e.Message, field: $"drawings.strokes_json of drawing {id}", innerException: e);
            }
        }

        return result;
    });

    /// <summary>
    /// The drawings with ids from <paramref name="firstId"/> to <paramref name="lastId"/>, in id order, each with the most
    /// bytes it takes in an archive (<see cref="DrawingsArchive.MostBytesOf"/>), to cut them into archives before reading them.
    /// </summary>
    public IReadOnlyList<(long Id, long MostBytes)> ReadArchiveSizes(long firstId = 1, long lastId = long.MaxValue) => Use(connection =>
    {
        using var command = Command(connection, """
            SELECT d.id, length(d.strokes_json), count(p.model_id), coalesce(sum(length(p.model_id)), 0)
            FROM drawings d LEFT JOIN predictions p ON p.drawing_id = d.id
            WHERE d.id BETWEEN @first AND @last
            GROUP BY d.id
            ORDER BY d.id;
            """);
        AddParameter(command, "@first", firstId);
        AddParameter(command, "@last", lastId);
        using var reader = command.ExecuteReader();
        var result = new List<(long, long)>();
        while (reader.Read())
        {
            result.Add((reader.GetInt64(0), DrawingsArchive.MostBytesOf(
                Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture))));
        }

        return result;
    });

    /// <summary>
    /// The drawings with ids from <paramref name="firstId"/> to <paramref name="lastId"/>, in id order, with their strokes
    /// and without their canvas captures: what an archive holds.
    /// </summary>
    /// <exception cref="DataFileException">A drawing's strokes are not valid (names the drawing).</exception>
    public IReadOnlyList<SavedDrawing> ReadForArchive(long firstId = 1, long lastId = long.MaxValue) => Use(connection =>
    {
        var predictions = ReadPredictions(connection, (firstId, lastId));
        using var command = Command(connection, $"SELECT {DrawingColumns(withCanvasPng: false)} FROM drawings WHERE id BETWEEN @first AND @last ORDER BY id;");
        AddParameter(command, "@first", firstId);
        AddParameter(command, "@last", lastId);
        using var reader = command.ExecuteReader();
        var result = new List<SavedDrawing>();
        while (reader.Read())
        {
            result.Add(ReadDrawing(reader, predictions, withCanvasPng: false));
        }

        return result;
    });

    /// <summary>The drawings the person said are one digit though their ink stands in parts (<see cref="NewDrawing.ReadAsOneDigit"/>).</summary>
    public IReadOnlySet<long> ReadAsOneDigitIds() => Use(connection =>
        ReadRows(connection, "SELECT id FROM drawings WHERE read_as_one_digit = 1;", reader => reader.GetInt64(0)).ToHashSet());

    /// <summary>
    /// Records whether the person says the drawing is one digit though its ink stands in parts side by side (for one saved
    /// before they could say so); false when there is no such drawing.
    /// </summary>
    public bool SetReadAsOneDigit(long id, bool readAsOneDigit) => Use(connection =>
    {
        using var command = Command(connection, "UPDATE drawings SET read_as_one_digit = @oneDigit WHERE id = @id;");
        AddParameter(command, "@oneDigit", readAsOneDigit ? 1 : 0);
        AddParameter(command, "@id", id);
        return command.ExecuteNonQuery() == 1;
    });

    /// <summary>The Data Protection key ring's elements, as XML text (the web server's shared keys).</summary>
    public IReadOnlyList<string> ReadDataProtectionKeys() => Use(connection =>
        ReadRows(connection, "SELECT xml FROM data_protection_keys ORDER BY friendly_name;", reader => reader.GetString(0)));

    /// <summary>Stores one key ring element under its name (a key's name is unique; storing it again replaces it).</summary>
    public void StoreDataProtectionKey(string friendlyName, string xml) => Use(connection =>
    {
        using var command = Command(connection, """
            INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml)
            ON CONFLICT (friendly_name) DO UPDATE SET xml = excluded.xml;
            """);
        AddParameter(command, "@name", friendlyName);
        AddParameter(command, "@xml", xml);
        return command.ExecuteNonQuery();
    });

    public abstract void Dispose();

    /// <summary>A new open connection, with this store's per-connection settings.</summary>
    protected abstract DbConnection OpenConnection();

    /// <summary>Throws <see cref="DrawingStorageException"/> when the database this store opened is gone or was replaced (before any connection is opened).</summary>
    protected virtual void ThrowIfReplaced()
    {
    }

    /// <summary>The same check on an open connection, for databases that can only be asked that way.</summary>
    protected virtual void ThrowIfReplaced(DbConnection connection)
    {
    }

    /// <summary>The failure as people should read it: busy, full, unreachable, other.</summary>
    protected abstract DrawingStorageException StorageFailure(DbException exception);

    /// <summary>Begins the transaction a migration step runs in, holding off every other migrating process.</summary>
    protected abstract DbTransaction BeginSchemaChange(DbConnection connection);

    protected abstract int ReadSchemaVersion(DbConnection connection, DbTransaction transaction);

    protected abstract void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version);

    protected abstract string MigrationSql(SchemaMigration migration);

    /// <summary>Takes the database to <see cref="DrawingSchema.CurrentVersion"/>, one step per transaction.</summary>
    protected void Migrate()
    {
        using var connection = OpenConnection();
        while (true)
        {
            using var transaction = BeginSchemaChange(connection);
            // Read inside the lock: another process may have migrated meanwhile.
            var version = ReadSchemaVersion(connection, transaction);
            if (version >= DrawingSchema.CurrentVersion)
            {
                transaction.Commit();
                return;
            }

            Execute(connection, MigrationSql(DrawingSchema.Migrations[version]), transaction);
            WriteSchemaVersion(connection, transaction, version + 1);
            transaction.Commit();
        }
    }

    /// <summary>Runs one operation on its own connection to the database this store opened; database failures become <see cref="DrawingStorageException"/>.</summary>
    private T Use<T>(Func<DbConnection, T> operation)
    {
        ThrowIfReplaced();
        try
        {
            using var connection = OpenConnection();
            ThrowIfReplaced(connection);
            return operation(connection);
        }
        catch (DbException e)
        {
            throw StorageFailure(e);
        }
    }

    protected static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    protected static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Every row <paramref name="sql"/> gives, each made by <paramref name="read"/>.</summary>
    private static List<T> ReadRows<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        using var command = Command(connection, sql);
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(read(reader));
        }

        return result;
    }

    protected static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = Command(connection, sql, transaction);
        command.ExecuteNonQuery();
    }

    protected static object? Scalar(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = Command(connection, sql, transaction);
        return command.ExecuteScalar();
    }

    protected DrawingStorageException Busy(Exception cause) => new(DrawingStorageFault.Busy,
        $"The drawings database ({Name}) is busy: another program or session holds a lock on it. Nothing was changed; try again in a moment.", cause);

    protected DrawingStorageException Full(Exception cause) => new(DrawingStorageFault.Full,
        $"The drawings database ({Name}) is full: the disk (or the database's size limit) has no room left. Nothing was saved; free some space and try again.", cause);

    protected DrawingStorageException Failed(string detail, Exception cause) => new(DrawingStorageFault.Failed,
        $"The drawings database ({Name}) failed ({detail}).", cause);

    /// <summary>The first line of a database's message (SQLite's add the statement on later lines).</summary>
    protected static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private const string SummaryColumns = "id, label, image, canvas_png IS NOT NULL, created_at, relabeled_at, read_as_one_digit";

    /// <summary>How many columns <see cref="SummaryColumns"/> reads: the columns a query adds after them start here.</summary>
    private const int SummaryColumnCount = 7;

    /// <summary>The columns of a whole drawing: <see cref="SummaryColumns"/>, its strokes, and its canvas capture when wanted.</summary>
    private static string DrawingColumns(bool withCanvasPng) => $"{SummaryColumns}, strokes_json{(withCanvasPng ? ", canvas_png" : "")}";

    /// <summary>A drawing read with <see cref="DrawingColumns"/>; strokes that cannot be read are refused, or taken as <paramref name="unreadableStrokes"/> when given.</summary>
    /// <exception cref="DataFileException">Its strokes are not valid (names the drawing) and no stand-in was given.</exception>
    private SavedDrawing ReadDrawing(
        DbDataReader reader, IReadOnlyDictionary<long, List<DrawingPrediction>> predictions, bool withCanvasPng, StrokeDrawing? unreadableStrokes = null)
    {
        var summary = ReadSummary(reader, predictions);
        StrokeDrawing strokes;
        try
        {
            strokes = StrokeDrawingJson.ReadSaved(reader.GetString(SummaryColumnCount));
        }
        catch (FormatException) when (unreadableStrokes is not null)
        {
            strokes = unreadableStrokes;
        }
        catch (FormatException e)
        {
            throw new DataFileException(Name, e.Message, field: $"drawings.strokes_json of drawing {summary.Id}", innerException: e);
        }

        return new SavedDrawing(summary, strokes, withCanvasPng && !reader.IsDBNull(SummaryColumnCount + 1) ? (byte[])reader.GetValue(SummaryColumnCount + 1) : null);
    }

    private static SavedDrawingSummary ReadSummary(DbDataReader reader, IReadOnlyDictionary<long, List<DrawingPrediction>> predictions)
    {
        var id = reader.GetInt64(0);
        return new SavedDrawingSummary(
            id,
            reader.GetInt32(1),
            (byte[])reader.GetValue(2),
            reader.GetBoolean(3),
            predictions.TryGetValue(id, out var list) ? list : [],
            ParseTime(reader.GetString(4)),
            reader.IsDBNull(5) ? null : ParseTime(reader.GetString(5)))
        {
            ReadAsOneDigit = IsSet(reader, 6),
        };
    }

    /// <summary>A 0/1 flag column (an integer in both databases).</summary>
    private static bool IsSet(DbDataReader reader, int column) => Convert.ToInt64(reader.GetValue(column), CultureInfo.InvariantCulture) != 0;

    /// <summary>The predictions of the drawings with ids in <paramref name="ids"/> (every drawing's when null), by drawing.</summary>
    private static Dictionary<long, List<DrawingPrediction>> ReadPredictions(DbConnection connection, (long First, long Last)? ids, DbTransaction? transaction = null)
    {
        using var command = Command(connection, "SELECT drawing_id, model_id, digit, confidence FROM predictions"
            + (ids is null ? "" : " WHERE drawing_id BETWEEN @first AND @last") + " ORDER BY drawing_id, model_id;", transaction);
        if (ids is { } range)
        {
            AddParameter(command, "@first", range.First);
            AddParameter(command, "@last", range.Last);
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
public sealed record LabeledDrawings(IReadOnlyList<long> Ids, LabeledImages Images)
{
    /// <summary>The same drawings, in the same order, without those whose id is in <paramref name="leftOut"/>.</summary>
    public LabeledDrawings Without(IReadOnlySet<long> leftOut)
    {
        ArgumentNullException.ThrowIfNull(leftOut);
        if (!Ids.Any(leftOut.Contains))
        {
            return this;
        }

        var kept = Enumerable.Range(0, Ids.Count).Where(i => !leftOut.Contains(Ids[i])).ToArray();
        return new LabeledDrawings(kept.Select(i => Ids[i]).ToArray(), Images.Select(kept));
    }
}

/// <summary>How the store uses its database.</summary>
public sealed record DrawingStoreOptions
{
    /// <summary>How long a call waits for another connection's lock before failing as busy.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Largest the SQLite file may grow (bytes), or null for no limit beyond the disk's; beyond it writes fail as "full".
    /// PostgreSQL has no such per-database limit: its server's disk is the limit.
    /// </summary>
    public long? MaxDatabaseBytes { get; init; }
}
