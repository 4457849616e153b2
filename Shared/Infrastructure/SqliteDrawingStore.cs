using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>
/// The drawings in a SQLite file (WAL mode, busy timeout) that many sessions of one server may write at
/// once. Opening checks the file before changing anything: a corrupt file is refused like another
/// program's. The store remembers which file it opened (<see cref="FileIdentity"/>): when that file is
/// deleted or replaced while the store is in use, every call is refused (nothing goes to an unlinked file,
/// and no empty database is silently created in its place).
/// </summary>
public sealed class SqliteDrawingStore : DrawingStore
{
    private readonly string connectionString;
    private readonly DrawingStoreOptions options;
    private FileIdentity? identity;
    private StoreIdPage? storeIdPage;

    private SqliteDrawingStore(string path, string connectionString, DrawingStoreOptions options)
        : base(System.IO.Path.GetFileName(path))
    {
        Path = path;
        this.connectionString = connectionString;
        this.options = options;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating it when missing) and migrates the database at <paramref name="path"/>.</summary>
    public static new SqliteDrawingStore Open(string path, DrawingStoreOptions? options = null)
    {
        options ??= new DrawingStoreOptions();
        var fullPath = System.IO.Path.GetFullPath(path);
        var existing = new FileInfo(fullPath) is { Exists: true, Length: > 0 };
        if (existing)
        {
            Inspect(fullPath).ThrowIfNotOurs(fullPath, "another file");
        }
        else
        {
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not the system's message: it holds the full path, which the server does not show to clients.
                var reason = e is UnauthorizedAccessException ? "permission denied" : "part of its path is a file, or the disk refused";
                throw new DataFileException(fullPath, $"its folder cannot be created ({reason})", innerException: e);
            }
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
        var store = new SqliteDrawingStore(fullPath, connectionString, options);
        try
        {
            using (var connection = store.OpenConnection())
            {
                // WAL lets readers go on while one session writes; it is stored in the file, so set it once here.
                Execute(connection, "PRAGMA journal_mode = WAL;");
            }

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
            var check = (string)Scalar(connection, "PRAGMA quick_check;")!;
            var tables = new List<string>();
            using (var command = Command(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name;"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            return new DatabaseIdentity(
                "SQLite",
                Convert.ToInt32(Scalar(connection, "PRAGMA application_id;"), CultureInfo.InvariantCulture),
                Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture),
                tables,
                check == "ok" ? null : check);
        }
        catch (SqliteException e)
        {
            throw new DataFileException(
                path,
                $"is not a readable SQLite database ({FirstLine(e.Message).TrimEnd('.')}). " // the message starts "SQLite Error <code>: "
                + "It was left untouched; move it away to start a new collection of drawings.",
                innerException: e);
        }
    }

    public override void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    protected override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};"));
            if (options.MaxDatabaseBytes is { } maxBytes)
            {
                // Per connection, not stored in the file: SQLite answers SQLITE_FULL beyond it, as on a full disk.
                var pageSize = (long)Scalar(connection, "PRAGMA page_size;")!;
                Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)};"));
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refused when the file this store opened was deleted or replaced meanwhile, by another file (another
    /// inode) or by another database's bytes written over it (another store id). Checked before connecting:
    /// SQLite would create a missing file.
    /// </summary>
    protected override void ThrowIfReplaced()
    {
        if (identity is { } opened && FileIdentity.Of(Path) != opened)
        {
            throw DrawingStorageException.Replaced(Name);
        }

        if (storeIdPage is { } page && !page.IsIn(Path))
        {
            throw DrawingStorageException.Replaced(Name);
        }
    }

    protected override DbTransaction BeginSchemaChange(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock at once

    protected override int ReadSchemaVersion(DbConnection connection, DbTransaction transaction) =>
        Convert.ToInt32(Scalar(connection, "PRAGMA user_version;", transaction), CultureInfo.InvariantCulture);

    protected override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version) =>
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA application_id = {DrawingSchema.ApplicationId}; PRAGMA user_version = {version};"), transaction);

    protected override string MigrationSql(SchemaMigration migration) => migration.Sqlite;

    /// <summary>
    /// Where the file itself holds this database's random id (<see cref="DrawingSchema.StoreIdQuery"/>),
    /// after a checkpoint moved it from the write-ahead log into the file. Read from the file, not
    /// through SQLite, which would answer from its log and caches after the file was overwritten.
    /// Null when the checkpoint could not finish (another connection reading): no such check then.
    /// </summary>
    private StoreIdPage? FindStoreIdPage()
    {
        using var connection = OpenConnection();
        var id = (string)Scalar(connection, DrawingSchema.StoreIdQuery)!;
        var rootPage = (long)Scalar(connection, "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'store';")!;
        var pageSize = (long)Scalar(connection, "PRAGMA page_size;")!;
        Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);"); // waits for no reader
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

    protected override DrawingStorageException StorageFailure(DbException exception)
    {
        var code = exception is SqliteException sqlite ? sqlite.SqliteErrorCode : exception.ErrorCode;
        return (code & 0xFF) switch
        {
            SqliteBusy or SqliteLocked => Busy(exception),
            SqliteFull => Full(exception),
            _ => Failed($"SQLite error {code}: {FirstLine(exception.Message)}", exception),
        };
    }
}
