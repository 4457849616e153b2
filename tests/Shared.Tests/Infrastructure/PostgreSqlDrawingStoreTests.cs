using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Tests.Drawings;
using Npgsql;

namespace MnistBlazor.Shared.Tests.Infrastructure;

/// <summary>The store's contract on a PostgreSQL database of its own (one per test) in the tests' temporary cluster.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlDrawingStoreTests(TemporaryPostgres server) : DrawingStoreContractTests
{
    private readonly string connectionString = server.CreateDatabase();

    protected override DrawingStore OpenStore(DrawingStoreOptions? options = null) =>
        DrawingStore.Open(DrawingsDatabase.PostgreSql(connectionString, "the test's connection string"), options);

    protected override void Execute(string sql)
    {
        using var connection = Connect();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    protected override long Query(string sql)
    {
        using var connection = Connect();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override long SchemaVersion() => Query($"SELECT version FROM {DrawingSchema.PostgreSqlMarkerTable};");

    protected override void MarkAsAnotherApplication() => Mark(42, 1);

    protected override void MarkAsOurs(int version) => Mark(DrawingSchema.ApplicationId, version);

    /// <summary>The tables of the schema and how many rows each has.</summary>
    protected override string Snapshot()
    {
        using var connection = Connect();
        var tables = new List<string>();
        using (var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name;", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return string.Join(",", tables.Select(table => $"{table}={Query($"SELECT count(*) FROM {table};")}"));
    }

    protected override IDisposable HoldWriteLock()
    {
        var other = Connect();
        using var command = new NpgsqlCommand("BEGIN; LOCK TABLE drawings IN EXCLUSIVE MODE;", other); // writes wait, reads go on
        command.ExecuteNonQuery();
        return other;
    }

    /// <summary>Everything dropped and a new drawings database made in its place (as a restore from another server would).</summary>
    protected override void ReplaceWithAnotherDatabase()
    {
        Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        using var other = OpenStore();
        other.Add(SampleDrawings.Of(5));
    }

    [Fact]
    public void Stores_opening_at_the_same_time_migrate_once()
    {
        var stores = Enumerable.Range(0, 4).AsParallel().Select(_ => OpenStore()).ToArray();
        try
        {
            Assert.Equal(DrawingSchema.CurrentVersion, SchemaVersion());
            Assert.Equal(1, Query("SELECT count(*) FROM store;"));
            stores[0].Add(SampleDrawings.Of(4));
            Assert.All(stores, store => Assert.Equal(1, store.Count()));
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Fact]
    public void An_unreachable_server_is_refused_at_open_naming_the_database_without_local_paths()
    {
        var nowhere = new NpgsqlConnectionStringBuilder(connectionString) { Port = server.Port + 1, Timeout = 2 }.ConnectionString;
        var database = DrawingsDatabase.PostgreSql(nowhere, "the test's connection string");

        var error = Assert.Throws<DataFileException>(() => DrawingStore.Open(database));

        Assert.StartsWith("PostgreSQL database 'test_", error.Message);
        Assert.Contains("cannot be reached", error.Message);
        Assert.DoesNotContain(server.Directory, error.Message);
    }

    [Fact]
    public void The_marker_table_is_not_counted_among_the_drawings_tables()
    {
        using (OpenStore())
        {
        }

        using var connection = Connect();
        var identity = PostgreSqlDrawingStore.Inspect(connection);

        Assert.Equal(DrawingSchema.ApplicationId, identity.ApplicationId);
        Assert.Equal(DrawingSchema.TablesAt(DrawingSchema.CurrentVersion).Order(StringComparer.Ordinal), identity.Tables.Order(StringComparer.Ordinal));
    }

    private void Mark(int applicationId, int version) => Execute(
        $"CREATE TABLE {DrawingSchema.PostgreSqlMarkerTable} (application_id integer NOT NULL, version integer NOT NULL); "
        + $"INSERT INTO {DrawingSchema.PostgreSqlMarkerTable} VALUES ({applicationId}, {version});");

    private NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
