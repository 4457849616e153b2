using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Api;

public sealed class ResponseRobustnessTests
{
    [Fact]
    public async Task NaN_and_Infinity_in_metrics_json_are_null_in_the_api_not_a_500()
    {
        using var models = TestModels.AllFour();
        var labels = new byte[] { 0, 1 };
        var metrics = TestMetrics.Compute("nn", "mnist-test", labels, new float[20], DateTimeOffset.UnixEpoch) with
        {
            Accuracy = double.NaN,
            PerClassAccuracy = [double.PositiveInfinity, double.NaN, 0, 0, 0, 0, 0, 0, 0, 0],
        };
        RecordFile.Write(ModelFiles.For(models.Directory, ModelCatalog.Nn).Metrics, metrics);
        Assert.Contains("NaN", File.ReadAllText(ModelFiles.For(models.Directory, ModelCatalog.Nn).Metrics));
        using var factory = new WebAppFactory(models.Directory);

        var response = await factory.CreateClient().GetAsync("/api/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(JsonValueKind.Null, list[0].GetProperty("testAccuracy").ValueKind);
        Assert.Equal("mnist-test", list[0].GetProperty("testDataset").GetString());
        Assert.Equal("ready", list[1].GetProperty("status").GetString()); // every other model still listed
    }

    [Fact]
    public async Task No_response_or_page_shows_the_servers_absolute_paths()
    {
        using var app = new DrawingsAppFactory();
        var secret = app.Models.Directory;
        app.Models.WriteCorrupt("cnn-quad");
        File.WriteAllText(ModelFiles.For(secret, ModelCatalog.SimpleCnn).Metrics, "{ not json");
        // A refused database: the 503 and the page name the file only.
        Directory.CreateDirectory(Path.GetDirectoryName(app.DatabasePath)!);
        File.WriteAllText(app.DatabasePath, "not a database at all, but long enough to be looked at" + new string(' ', 4000));
        var client = app.CreateClient();
        var bodies = new Dictionary<string, string>();

        async Task Get(string url) => bodies[url] = await (await client.GetAsync(url)).Content.ReadAsStringAsync();

        await Get("/api/models");
        var pixels = new float[784];
        pixels[300] = 1;
        bodies["/api/predict"] = await (await client.PostAsJsonAsync("/api/predict", new { pixels })).Content.ReadAsStringAsync();
        foreach (var page in new[] { "/", "/my-digits", "/compare", "/history" })
        {
            await Get(page);
        }

        await Get("/api/drawings");

        Assert.Contains("cnn-quad/model.onnx cannot be loaded", bodies["/api/predict"]);
        Assert.Contains("simple-cnn/metrics.json", bodies["/api/models"]);
        Assert.Contains("drawings.db", bodies["/api/drawings"]);
        Assert.Contains("drawings.db", bodies["/my-digits"]);
        Assert.All(bodies, body => Assert.False(body.Value.Contains(secret, StringComparison.Ordinal), $"{body.Key} shows {secret}"));
    }

    [Fact]
    public async Task The_draw_page_without_models_names_the_models_folder_not_its_path()
    {
        using var models = new TestModels();
        using var factory = new WebAppFactory(models.Directory);

        var html = await factory.CreateClient().GetStringAsync("/");

        Assert.Contains($"<code>{Path.GetFileName(models.Directory)}</code>", html);
        Assert.DoesNotContain(models.Directory, html);
    }
}
