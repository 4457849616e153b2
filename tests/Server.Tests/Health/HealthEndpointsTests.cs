using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MnistBlazor.Server.Health;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Tests.Support;

namespace MnistBlazor.Server.Tests.Health;

public sealed class HealthEndpointsTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string CheckStatus(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("status").GetString()!;

    [Fact]
    public async Task Ready_with_every_model_loaded_and_the_store_answering()
    {
        using var app = new DrawingsAppFactory();
        var (status, body) = await GetAsync(app.CreateClient(), HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", CheckStatus(body, "models"));
        Assert.Equal("Healthy", CheckStatus(body, "drawings-store"));
        Assert.DoesNotContain(app.Models.Directory, body.GetRawText());
    }

    [Fact]
    public async Task A_missing_model_makes_the_server_degraded_but_still_ready()
    {
        using var app = new DrawingsAppFactory();
        File.Delete(app.Models.OnnxPath("cnn-quad"));
        var (status, body) = await GetAsync(app.CreateClient(), HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", CheckStatus(body, "models"));
        Assert.Contains("cnn-quad", body.GetRawText());
    }

    [Fact]
    public async Task No_model_at_all_is_not_ready_but_the_process_is_live()
    {
        using var empty = new TemporaryDirectory();
        using var app = new WebAppFactory(empty.Path, new Dictionary<string, string>
        {
            ["Drawings:DatabasePath"] = empty.File("drawings.db"),
        });
        var client = app.CreateClient();

        var (readyStatus, readyBody) = await GetAsync(client, HealthEndpoints.ReadyPath);
        var (liveStatus, liveBody) = await GetAsync(client, HealthEndpoints.LivePath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Equal("Unhealthy", CheckStatus(readyBody, "models"));
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", liveBody.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_models_directory_that_is_a_file_is_named_as_the_reason_on_every_model_and_in_readiness()
    {
        using var empty = new TemporaryDirectory();
        var notAFolder = empty.WriteText("models", "a file where the models directory should be");
        using var app = new WebAppFactory(notAFolder, new Dictionary<string, string>
        {
            ["Drawings:DatabasePath"] = empty.File("drawings.db"),
        });
        var client = app.CreateClient();

        var (readyStatus, readyBody) = await GetAsync(client, HealthEndpoints.ReadyPath);
        var models = await client.GetFromJsonAsync<JsonElement>("/api/models");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
        Assert.Contains("The models directory is a file, not a folder", readyBody.GetRawText());
        Assert.DoesNotContain(notAFolder, readyBody.GetRawText());
        Assert.All(models.GetProperty("models").EnumerateArray().Where(model => !model.GetProperty("isEnsemble").GetBoolean()), model =>
            Assert.Equal("The models directory is a file, not a folder: point Models:Directory at a folder.", model.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_drawings_file_that_is_not_a_database_is_not_ready_and_says_why_without_paths()
    {
        using var app = new DrawingsAppFactory();
        Directory.CreateDirectory(Path.GetDirectoryName(app.DatabasePath)!);
        await File.WriteAllTextAsync(app.DatabasePath, "not a database, just text written over it");

        var (status, body) = await GetAsync(app.CreateClient(), HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", CheckStatus(body, "drawings-store"));
        Assert.Equal("Healthy", CheckStatus(body, "models"));
        Assert.DoesNotContain(app.Models.Directory, body.GetRawText());
    }
}
