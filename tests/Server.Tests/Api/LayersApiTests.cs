using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Inference;
using MnistBlazor.Server.Tests.Security;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Api;

/// <summary><c>POST /api/layers</c> against the exported architectures and against files that predate layer views.</summary>
public sealed class LayersApiTests(ExportedArchitecturesTests.ExportedModels exported)
    : IClassFixture<ExportedArchitecturesTests.ExportedModels>, IDisposable
{
    private readonly WebAppFactory app = new(exported.Models.Directory);

    [Fact]
    public async Task Pixels_get_every_cnn_s_blocks_and_derived_inputs()
    {
        var result = await PostJsonAsync(app.CreateClient(), new { pixels = exported.Image });

        Assert.Equal("pixels", result.GetProperty("input").GetString());
        Assert.False(result.GetProperty("blank").GetBoolean());
        var models = result.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("modelId").GetString()!);
        Assert.Equal(["simple-cnn", "cnn-proj", "cnn-quad"], models.Keys);
        var quad = models["cnn-quad"];
        Assert.Equal(JsonValueKind.Null, quad.GetProperty("reason").ValueKind);
        var blocks = quad.GetProperty("blocks").EnumerateArray().ToArray();
        Assert.Equal([64, 128, 512], blocks.Select(b => b.GetProperty("channels").GetInt32()));
        var strongest = blocks[2].GetProperty("strongest").EnumerateArray().ToArray();
        Assert.Equal(8, strongest.Length);
        Assert.All(strongest, map => Assert.Equal(9, map.GetProperty("values").GetArrayLength()));
        Assert.Equal(28, quad.GetProperty("columnProfile").GetArrayLength());
        Assert.Equal(4, quad.GetProperty("quadrants").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, models["simple-cnn"].GetProperty("rowProfile").ValueKind);
    }

    [Fact]
    public async Task Model_files_that_predate_layer_views_answer_with_the_re_export_hint()
    {
        using var old = new AppWithModels();

        var result = await PostJsonAsync(old.Factory.CreateClient(), new { pixels = exported.Image });

        Assert.All(result.GetProperty("models").EnumerateArray(), m => Assert.Equal(LayerViewer.ReExportHint, m.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_blank_input_runs_no_model()
    {
        var result = await PostJsonAsync(app.CreateClient(), new { pixels = new float[784] });

        Assert.True(result.GetProperty("blank").GetBoolean());
        Assert.Empty(result.GetProperty("models").EnumerateArray());
    }

    [Fact]
    public async Task Bad_bodies_get_the_same_400_as_predict()
    {
        using var content = new StringContent("""{"pixels": [0, 1, 0]}""", Encoding.UTF8, "application/json");
        var detail = await Requests.AssertProblemAsync(await app.CreateClient().PostAsync("/api/layers", content), HttpStatusCode.BadRequest);
        Assert.Contains("has 3 values; expected 784", detail);
    }

    public void Dispose() => app.Dispose();

    private static async Task<JsonElement> PostJsonAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/layers", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
