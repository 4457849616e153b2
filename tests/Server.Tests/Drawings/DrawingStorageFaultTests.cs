using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;

namespace MnistBlazor.Server.Tests.Drawings;

/// <summary>SQLite failures during use: problem+json 503 (busy, replaced) or 507 (full), never a bare 500 or a lost save.</summary>
public sealed class DrawingStorageFaultTests
{
    private const string Body = "{\"label\": 1, \"width\": 280, \"height\": 280, \"strokes\": [{\"width\": 20, \"points\": [[140, 40], [140, 240]]}]}";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client) =>
        client.PostAsync("/api/drawings", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_database_locked_by_another_program_gives_503_busy_with_Retry_After()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["Drawings:BusyTimeout"] = "00:00:00.200" });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client)).StatusCode);

        using (var other = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();

            var response = await PostAsync(client);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1", response.Headers.RetryAfter?.ToString());
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("busy", problem.GetProperty("fault").GetString());
            Assert.Contains("is busy", problem.GetProperty("detail").GetString());
            Assert.DoesNotContain(app.Models.Directory, problem.GetRawText());
        }

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client)).StatusCode);
        Assert.Equal(2, app.Drawings.Store.Count());
    }

    [Fact]
    public async Task A_full_disk_gives_507_insufficient_storage()
    {
        // SQLite's page limit answers SQLITE_FULL exactly as a full disk does.
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["Drawings:MaxDatabaseBytes"] = "65536" });
        var client = app.CreateClient();

        HttpResponseMessage response;
        var saved = 0;
        while ((response = await PostAsync(client)).StatusCode == HttpStatusCode.Created)
        {
            saved++;
            Assert.True(saved < 500, "The size limit never filled the database.");
        }

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("full", problem.GetProperty("fault").GetString());
        Assert.Contains("drawings.db", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(app.Models.Directory, problem.GetRawText());
        Assert.Equal(saved, app.Drawings.Store.Count()); // reads still work; nothing half-saved
    }

    [Fact]
    public async Task Deleting_the_database_while_running_refuses_writes_instead_of_losing_them()
    {
        using var app = new DrawingsAppFactory();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client)).StatusCode);

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }

        var response = await PostAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("replaced", problem.GetProperty("fault").GetString());
        Assert.Contains("was deleted or replaced while the app was running", problem.GetProperty("detail").GetString());
        Assert.False(File.Exists(app.DatabasePath)); // no empty database silently created in its place
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/drawings")).StatusCode);
        var error = await Assert.ThrowsAsync<DrawingStorageException>(() => app.Drawings.RelabelAsync(1, 2));
        Assert.Equal(DrawingStorageFault.Replaced, error.Fault);
    }
}
