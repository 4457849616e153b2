using System.Data.Common;
using System.Globalization;
using System.Net.Sockets;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using Npgsql;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>
/// The drawings in a PostgreSQL database (in the connection's current schema) that several server
/// instances share. A write waits <see cref="DrawingStoreOptions.BusyTimeout"/> for another session's
/// lock (<c>lock_timeout</c>), then fails as busy. The store remembers the database's random id
/// (<see cref="DrawingSchema.StoreIdQuery"/>): when the database is dropped or replaced by another
/// while the store is in use, every call is refused.
/// </summary>
public sealed class PostgreSqlDrawingStore : DrawingStore
{
    private const string Engine = "PostgreSQL";
    private readonly NpgsqlDataSource dataSource;
    private string? storeId;

    private PostgreSqlDrawingStore(string name, NpgsqlDataSource dataSource)
        : base(name)
    {
        this.dataSource = dataSource;
    }

    /// <summary>Connects to the database, checks it is empty or ours, and migrates it.</summary>
    /// <param name="name">What messages call it (<see cref="DrawingsDatabase.Name"/>: no password, no local path).</param>
    public static PostgreSqlDrawingStore Open(string name, string connectionString, DrawingStoreOptions? options = null)
    {
        options ??= new DrawingStoreOptions();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var lockTimeout = string.Create(CultureInfo.InvariantCulture, $"-c lock_timeout={Math.Max(1, (long)options.BusyTimeout.TotalMilliseconds)}");
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? lockTimeout : $"{builder.Options} {lockTimeout}";
        var store = new PostgreSqlDrawingStore(name, NpgsqlDataSource.Create(builder.ConnectionString));
        try
        {
            using (var connection = store.OpenConnection())
            {
                Inspect(connection).ThrowIfNotOurs(name, "another database or schema");
            }

            store.Migrate();
            using (var connection = store.OpenConnection())
            {
                store.storeId = (string)Scalar(connection, DrawingSchema.StoreIdQuery)!;
            }
        }
        catch (DbException e)
        {
            store.Dispose();
            throw new DataFileException(name, $"cannot be prepared as the drawings database: {Describe(e)}", innerException: e);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// Reads the database's mark, version and tables (in the current schema) without writing to it, in one
    /// snapshot: another instance may be migrating meanwhile, and the table list and the version must come from
    /// the same moment.
    /// </summary>
    public static DatabaseIdentity Inspect(DbConnection connection)
    {
        using var snapshot = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var identity = InspectIn(connection);
        snapshot.Commit();
        return identity;
    }

    private static DatabaseIdentity InspectIn(DbConnection connection)
    {
        var tables = new List<string>();
        using (var command = Command(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name;"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var (applicationId, version) = (0, 0);
        if (tables.Remove(DrawingSchema.PostgreSqlMarkerTable))
        {
            using var command = Command(connection, $"SELECT application_id, version FROM {DrawingSchema.PostgreSqlMarkerTable};");
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                (applicationId, version) = (reader.GetInt32(0), reader.GetInt32(1));
            }
        }

        return new DatabaseIdentity(Engine, applicationId, version, tables, IntegrityProblem: null);
    }

    public override void Dispose() => dataSource.Dispose();

    protected override DbConnection OpenConnection() => dataSource.OpenConnection();

    protected override void ThrowIfReplaced(DbConnection connection)
    {
        string? current;
        try
        {
            current = Scalar(connection, DrawingSchema.StoreIdQuery) as string;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            current = null;
        }

        if (storeId is not null && current != storeId)
        {
            throw new DrawingStorageException(DrawingStorageFault.Replaced,
                $"The drawings database ({Name}) was dropped or replaced by another while the app was running. Nothing was written, so nothing goes "
                + "to a database that is not the one opened; restore it or restart the app to use the database now at its place.");
        }
    }

    /// <summary>One transaction per step; an advisory lock keeps other instances starting at the same time waiting until the step is done.</summary>
    protected override DbTransaction BeginSchemaChange(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({DrawingSchema.ApplicationId});"), transaction);
            Execute(connection, $"CREATE TABLE IF NOT EXISTS {DrawingSchema.PostgreSqlMarkerTable} (application_id integer NOT NULL, version integer NOT NULL);", transaction);
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    protected override int ReadSchemaVersion(DbConnection connection, DbTransaction transaction) =>
        Convert.ToInt32(Scalar(connection, $"SELECT coalesce(max(version), 0) FROM {DrawingSchema.PostgreSqlMarkerTable};", transaction), CultureInfo.InvariantCulture);

    protected override void WriteSchemaVersion(DbConnection connection, DbTransaction transaction, int version) =>
        Execute(connection, string.Create(CultureInfo.InvariantCulture,
            $"DELETE FROM {DrawingSchema.PostgreSqlMarkerTable}; INSERT INTO {DrawingSchema.PostgreSqlMarkerTable} (application_id, version) VALUES ({DrawingSchema.ApplicationId}, {version});"),
            transaction);

    protected override string MigrationSql(SchemaMigration migration) => migration.PostgreSql;

    protected override DrawingStorageException StorageFailure(DbException exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.TooManyConnections } => Busy(exception),
        PostgresException { SqlState: PostgresErrorCodes.DiskFull or PostgresErrorCodes.OutOfMemory } => Full(exception),
        _ => Failed(Describe(exception), exception),
    };

    /// <summary>The server's own words, or why it could not be reached (not Npgsql's message, which names the host or the socket's local path).</summary>
    private static string Describe(DbException exception) => exception switch
    {
        PostgresException postgres => $"PostgreSQL error {postgres.SqlState}: {postgres.MessageText}",
        { InnerException: SocketException socket } => $"PostgreSQL cannot be reached ({socket.SocketErrorCode})",
        { InnerException: TimeoutException } => "PostgreSQL did not answer in time",
        _ => $"PostgreSQL cannot be reached: {FirstLine(exception.Message)}",
    };
}
