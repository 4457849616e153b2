using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Health;
using MnistBlazor.Server.Tests.Configuration;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Infrastructure;
using Npgsql;

namespace MnistBlazor.Server.Tests.Drawings;

/// <summary><c>ConnectionStrings:Drawings</c> chooses PostgreSQL; without it the drawings stay in the SQLite file.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class DrawingStoreConfigurationTests(TemporaryPostgres server)
{
    private const string Secret = "s3cret-Pa55word";

    [Fact]
    public void Without_a_connection_string_the_drawings_are_in_the_SQLite_file()
    {
        using var app = new DrawingsAppFactory();

        Assert.IsType<SqliteDrawingStore>(app.Drawings.Store);
        Assert.False(app.Drawings.Database.IsShared);
        Assert.Equal("drawings.db", app.Drawings.Location);
    }

    [Fact]
    public async Task With_a_connection_string_the_drawings_are_in_PostgreSQL_and_the_server_is_ready()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server.CreateDatabase()) { Password = Secret }.ConnectionString;
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { [DrawingsOptions.ConnectionStringSetting] = connectionString });

        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", DrawingsCheck(body).GetProperty("status").GetString());
        Assert.IsType<PostgreSqlDrawingStore>(app.Drawings.Store);
        Assert.StartsWith("PostgreSQL database 'test_", app.Drawings.Location);
        Assert.False(File.Exists(app.DatabasePath));
        Assert.DoesNotContain(Secret, body.GetRawText());
    }

    [Theory]
    [InlineData($"Host=db;Database=mnist;Password={Secret};Colour=blue", "'Colour'")]
    [InlineData($"Host=db;Password={Secret};Port=fifty", "'Port'")]
    [InlineData($"Database=mnist;Password={Secret}", "names no Host")]
    [InlineData($"Host=db;Password='{Secret}", "is not a connection string")]
    public async Task A_connection_string_that_cannot_be_used_stops_the_start_naming_the_setting_but_not_the_password(string connectionString, string problem)
    {
        var (exitCode, errors) = await RefusedStart.RunAsync($"--{DrawingsOptions.ConnectionStringSetting}={connectionString}");

        var message = string.Join("\n", errors);
        Assert.Equal(StartupSettings.ExitCode, exitCode);
        Assert.StartsWith($"error: {DrawingsOptions.ConnectionStringSetting}", message);
        Assert.Contains(problem, message, StringComparison.OrdinalIgnoreCase); // keys come back lower-cased
        Assert.DoesNotContain(Secret, message);
    }

    [Fact]
    public async Task A_size_limit_for_the_SQLite_file_with_PostgreSQL_stops_the_start()
    {
        var (exitCode, errors) = await RefusedStart.RunAsync(
            $"--{DrawingsOptions.ConnectionStringSetting}=Host=db;Database=mnist", "--Drawings:MaxDatabaseBytes=1000000");

        Assert.Equal(StartupSettings.ExitCode, exitCode);
        Assert.StartsWith("error: Drawings:MaxDatabaseBytes limits the SQLite file only", errors[0]);
    }

    [Fact]
    public void Keys_in_a_directory_and_in_the_database_at_once_stop_the_start()
    {
        using var keys = new TemporaryDirectory();
        using var app = new DrawingsAppFactory(new Dictionary<string, string>
        {
            [DrawingsOptions.ConnectionStringSetting] = "Host=db;Database=mnist",
            ["DataProtection:KeysDirectory"] = keys.File("keys"),
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("remove DataProtection:KeysDirectory", Messages(error));
    }

    [Fact]
    public async Task An_unreachable_database_makes_the_server_not_ready_saying_why_without_paths_or_password()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(server.ConnectionString("mnist")) { Port = server.Port + 1, Password = Secret, Timeout = 2 }.ConnectionString;
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { [DrawingsOptions.ConnectionStringSetting] = unreachable });

        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var check = DrawingsCheck(body);
        Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
        Assert.Contains("PostgreSQL database 'mnist'", check.GetProperty("description").GetString());
        Assert.Contains("cannot be reached", check.GetProperty("description").GetString());
        Assert.DoesNotContain(server.Directory, body.GetRawText());
        Assert.DoesNotContain(Secret, body.GetRawText());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(DrawingsAppFactory app)
    {
        var response = await app.CreateClient().GetAsync(HealthEndpoints.ReadyPath);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static JsonElement DrawingsCheck(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "drawings-store");

    /// <summary>The exception's message and its inner exceptions' (the host may wrap what stopped the start).</summary>
    private static string Messages(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }
}
