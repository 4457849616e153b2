using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Api;

public sealed class ModelsApiTests
{
    [Fact]
    public async Task Lists_every_model_and_the_ensemble_with_status_accuracy_and_card()
    {
        using var models = TestModels.AllFour();
        var files = ModelFiles.For(models.Directory, ModelCatalog.Nn);
        var labels = new byte[] { 0, 1, 2, 3 };
        var probabilities = new float[40];
        foreach (var (label, index) in new[] { (0, 0), (1, 1), (2, 2), (5, 3) })
        {
            probabilities[index * 10 + label] = 1;
        }

        RecordFile.Write(files.Metrics, TestMetrics.Compute("nn", "mnist-test", labels, probabilities, DateTimeOffset.UnixEpoch));
        RecordFile.Write(files.Card, new ModelCard
        {
            ModelId = "nn",
            DisplayName = "NN",
            Architecture = "Flatten -> Dense 280 -> Dense 28 -> Dense 10",
            ParameterCount = 220_000,
            Recipe = new TrainingRecipe("quick", "AdamW", 0.001, "one-cycle", 128, 3, false, 0, 1, 60000),
            DataSource = "mnist",
            DataChecksum = "abc",
            EpochsCompleted = 3,
        });
        File.WriteAllText(ModelFiles.For(models.Directory, ModelCatalog.SimpleCnn).Metrics, "{ not json");
        using var factory = new WebAppFactory(models.Directory);

        var response = await factory.CreateClient().GetAsync("/api/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Path.GetFileName(models.Directory), body.GetProperty("modelsDirectory").GetString()); // the folder's name, not the server's path
        var list = body.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"], list.Select(m => m.GetProperty("id").GetString()));
        Assert.All(list, m => Assert.Equal("ready", m.GetProperty("status").GetString()));

        var nn = list[0];
        Assert.Equal(0.75, nn.GetProperty("testAccuracy").GetDouble(), precision: 6);
        Assert.Equal("mnist-test", nn.GetProperty("testDataset").GetString());
        Assert.Equal(0.8864, nn.GetProperty("studyScore").GetDouble(), precision: 6);
        Assert.Equal(220_000, nn.GetProperty("card").GetProperty("parameterCount").GetInt64());

        var simpleCnn = list[1];
        Assert.Equal(JsonValueKind.Null, simpleCnn.GetProperty("testAccuracy").ValueKind);
        Assert.Contains("metrics.json", simpleCnn.GetProperty("recordErrors")[0].GetString());

        var ensemble = list[4];
        Assert.True(ensemble.GetProperty("isEnsemble").GetBoolean());
        Assert.Equal(["simple-cnn", "cnn-proj", "cnn-quad"], ensemble.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task A_metrics_file_written_while_the_server_runs_is_listed_without_restart()
    {
        using var models = TestModels.AllFour();
        using var factory = new WebAppFactory(models.Directory);
        var client = factory.CreateClient();
        Assert.Equal(JsonValueKind.Null, (await Nn(client)).GetProperty("testAccuracy").ValueKind);

        var probabilities = new float[20];
        probabilities[0 * 10 + 0] = 1;
        probabilities[1 * 10 + 7] = 1;
        RecordFile.Write(ModelFiles.For(models.Directory, ModelCatalog.Nn).Metrics,
            TestMetrics.Compute("nn", "mnist-test", [0, 1], probabilities, DateTimeOffset.UnixEpoch));

        await Eventually.TrueAsync(async () => (await Nn(client)).GetProperty("testAccuracy").ValueKind == JsonValueKind.Number);
        Assert.Equal(0.5, (await Nn(client)).GetProperty("testAccuracy").GetDouble(), precision: 6);
    }

    private static async Task<JsonElement> Nn(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("models")[0];

    [Fact]
    public async Task Before_any_training_every_model_is_not_trained_and_predict_still_answers()
    {
        using var models = new TestModels();
        using var factory = new WebAppFactory(models.Directory);
        var client = factory.CreateClient();

        var list = (await client.GetFromJsonAsync<JsonElement>("/api/models")).GetProperty("models").EnumerateArray().ToArray();
        Assert.All(list, m => Assert.Equal("not-trained", m.GetProperty("status").GetString()));

        var pixels = new float[784];
        pixels[300] = 1;
        var response = await client.PostAsJsonAsync("/api/predict", new { pixels });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(result.GetProperty("predictions").EnumerateArray(), p =>
        {
            Assert.Equal("not-trained", p.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, p.GetProperty("digit").ValueKind);
        });
        Assert.Equal(JsonValueKind.Null, result.GetProperty("digit").ValueKind);
    }

    [Fact]
    public async Task Broken_models_are_unavailable_with_the_reason_and_the_others_answer()
    {
        using var models = new TestModels();
        models.WriteInkDependentNn();
        models.WriteCorrupt(ModelCatalog.CnnQuadrants.Id);
        TinyOnnxModel.Write(models.OnnxPath(ModelCatalog.CnnProjections.Id), new float[10], new float[10], inputName: "x");
        using var factory = new WebAppFactory(models.Directory);
        var pixels = new float[784];
        pixels[300] = 1;

        var response = await factory.CreateClient().PostAsJsonAsync("/api/predict", new { pixels });

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var predictions = result.GetProperty("predictions").EnumerateArray()
            .ToDictionary(p => p.GetProperty("modelId").GetString()!, p => p);
        Assert.Equal(TestModels.NnFewInkDigit, predictions["nn"].GetProperty("digit").GetInt32());
        Assert.Equal("not-trained", predictions["simple-cnn"].GetProperty("status").GetString());
        Assert.Equal("unavailable", predictions["cnn-quad"].GetProperty("status").GetString());
        Assert.Contains("cannot be loaded by ONNX Runtime", predictions["cnn-quad"].GetProperty("reason").GetString());
        Assert.Equal("unavailable", predictions["cnn-proj"].GetProperty("status").GetString());
        Assert.Contains("no input named 'image'", predictions["cnn-proj"].GetProperty("reason").GetString());
        Assert.Equal("unavailable", predictions["ensemble"].GetProperty("status").GetString());
        Assert.Equal(TestModels.NnFewInkDigit, result.GetProperty("digit").GetInt32());
    }
}
