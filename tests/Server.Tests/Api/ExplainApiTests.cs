using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Server.Tests.Security;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Evidence;

namespace MnistBlazor.Server.Tests.Api;

/// <summary>
/// <c>POST /api/explain</c> against the tiny test models: nn's answer depends on the amount of ink
/// (1 on little, 8 on a lot), the CNNs' answers on nothing, so their evidence is known.
/// </summary>
public sealed class ExplainApiTests(AppWithModels app) : IClassFixture<AppWithModels>
{
    private readonly HttpClient client = app.Factory.CreateClient();

    /// <summary>A 4x4 block of ink in the default grid's patch at (12, 12) and nothing else.</summary>
    private static float[] InkBlock()
    {
        var pixels = new float[784];
        for (var y = 12; y < 16; y++)
        {
            for (var x = 12; x < 16; x++)
            {
                pixels[y * 28 + x] = 1;
            }
        }

        return pixels;
    }

    private static bool InBlock(int pixel) => pixel / 28 is >= 12 and < 16 && pixel % 28 is >= 12 and < 16;

    [Fact]
    public async Task Pixels_get_every_models_map_for_its_own_answer()
    {
        var result = await PostJsonAsync("/api/explain", new { pixels = InkBlock() });

        Assert.Equal("pixels", result.GetProperty("input").GetString());
        Assert.False(result.GetProperty("blank").GetBoolean());
        Assert.Equal(OcclusionGrid.Default.PatchSide, result.GetProperty("grid").GetProperty("patchSide").GetInt32());
        var explanations = Explanations(result);
        Assert.Equal(["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"], explanations.Keys);
        Assert.Equal(TestModels.NnFewInkDigit, explanations["nn"].GetProperty("digit").GetInt32());
        Assert.Equal(TestModels.CnnQuadrantsDigit, explanations["cnn-quad"].GetProperty("digit").GetInt32());
        foreach (var explanation in explanations.Values)
        {
            Assert.Equal("ready", explanation.GetProperty("status").GetString());
            Assert.Equal(explanation.GetProperty("digit").GetInt32(), explanation.GetProperty("evidenceDigit").GetInt32());
            Assert.Equal(784, Evidence(explanation).Length);
            // The test models have no familiarity profile.
            Assert.Equal(JsonValueKind.Null, explanation.GetProperty("distanceRatio").ValueKind);
            Assert.Equal(JsonValueKind.Null, explanation.GetProperty("likeness").ValueKind);
        }

        // Hiding nn's ink takes it further from 8, so closer to its answer 1: that ink counted against 1.
        var nn = Evidence(explanations["nn"]);
        Assert.All(Enumerable.Range(0, 784), pixel => Assert.True(InBlock(pixel) ? nn[pixel] < 0 : nn[pixel] == 0, $"pixel {pixel}: {nn[pixel]}"));
        Assert.Equal(nn.Max(Math.Abs), explanations["nn"].GetProperty("largestChange").GetDouble(), precision: 6);
        // Models that ignore the image have no evidence either way.
        Assert.All(new[] { "simple-cnn", "cnn-proj", "cnn-quad", "ensemble" }, id => Assert.All(Evidence(explanations[id]), v => Assert.Equal(0, v)));
    }

    [Fact]
    public async Task A_digit_in_the_query_asks_why_not_that_digit()
    {
        var result = await PostJsonAsync($"/api/explain?digit={TestModels.NnMuchInkDigit}", new { pixels = InkBlock() });

        var explanations = Explanations(result);
        Assert.All(explanations.Values, e => Assert.Equal(TestModels.NnMuchInkDigit, e.GetProperty("evidenceDigit").GetInt32()));
        Assert.Equal(TestModels.NnFewInkDigit, explanations["nn"].GetProperty("digit").GetInt32());
        var nn = Evidence(explanations["nn"]);
        Assert.All(Enumerable.Range(0, 784).Where(InBlock), pixel => Assert.True(nn[pixel] > 0));
    }

    [Fact]
    public async Task A_drawing_is_preprocessed_as_for_predict_and_its_ink_carries_the_evidence()
    {
        using var content = new StringContent(Requests.Stroke(), Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/explain", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("strokes", result.GetProperty("input").GetString());
        var image = result.GetProperty("image").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var nn = Evidence(Explanations(result)["nn"]);
        Assert.Contains(Enumerable.Range(0, 784), pixel => image[pixel] > 0 && nn[pixel] < 0);
        Assert.All(Enumerable.Range(0, 784).Where(pixel => nn[pixel] != 0), pixel => Assert.True(image[pixel] > 0, $"pixel {pixel} has evidence but no ink"));
    }

    [Fact]
    public async Task A_blank_image_is_blank_and_runs_no_model()
    {
        var result = await PostJsonAsync("/api/explain", new { pixels = new float[784] });

        Assert.True(result.GetProperty("blank").GetBoolean());
        Assert.Empty(result.GetProperty("explanations").EnumerateArray());
    }

    [Theory]
    [InlineData("10")]
    [InlineData("-1")]
    [InlineData("seven")]
    [InlineData("1&digit=2")]
    public async Task A_digit_that_is_not_0_to_9_gets_400(string digit)
    {
        using var content = new StringContent("""{"pixels": [1]}""", Encoding.UTF8, "application/json");
        var detail = await Requests.AssertProblemAsync(await client.PostAsync($"/api/explain?digit={digit}", content), HttpStatusCode.BadRequest);
        Assert.Contains("'digit' must be one digit from 0 to 9", detail);
    }

    [Theory]
    [InlineData("""{"pixels": [0, 1, 0]}""", "has 3 values; expected 784")]
    [InlineData("""{"width": 280, "height": 280, "strokes": [{"width": 10, "points": [[10, 10], [900, 10]]}]}""", "strokes[0].points[1] is (900, 10)")]
    public async Task Bad_bodies_get_the_same_400_as_predict(string json, string expectedDetail)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        Assert.Contains(expectedDetail, await Requests.AssertProblemAsync(await client.PostAsync("/api/explain", content), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Bodies_over_the_limit_and_unsupported_types_are_refused_like_predict()
    {
        using var large = new ByteArrayContent(new byte[1024 * 1024 + 10]);
        large.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        Assert.Contains("at most 1048576", await Requests.AssertProblemAsync(await client.PostAsync("/api/explain", large), HttpStatusCode.RequestEntityTooLarge));

        using var text = new StringContent("a seven", Encoding.UTF8, "text/plain");
        await Requests.AssertProblemAsync(await client.PostAsync("/api/explain", text), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Explaining_counts_against_the_clients_window()
    {
        using var limited = new DrawingsAppFactory(new Dictionary<string, string>
        {
            ["Limits:ClientRequestsPerWindow"] = "2",
            ["Limits:ClientWindow"] = "00:01:00",
        });
        var limitedClient = limited.CreateClient();
        var from = IPAddress.Parse("198.51.100.7");

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await limitedClient.SendAsync(Requests.Post("/api/explain", Requests.Stroke(), from: from))).StatusCode);
        }

        await Requests.AssertProblemAsync(await limitedClient.SendAsync(Requests.Post("/api/explain", Requests.Stroke(), from: from)), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Explaining_shares_the_inference_concurrency_limit_and_hands_the_request_cancellation_on()
    {
        var explainer = new BlockingExplainer();
        using var limited = new DrawingsAppFactory(new Dictionary<string, string>
        {
            ["Limits:InferenceConcurrency"] = "1",
            ["Limits:InferenceQueue"] = "0",
        }).WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IEvidenceExplainer>(explainer)));
        var limitedClient = limited.CreateClient();

        using var first = new CancellationTokenSource();
        var running = limitedClient.SendAsync(Requests.Post("/api/explain", Requests.Stroke()), first.Token);
        var cancelled = await explainer.StartedAsync();
        await Requests.AssertProblemAsync(await limitedClient.SendAsync(Requests.Post("/api/predict", Requests.Stroke())), HttpStatusCode.TooManyRequests);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await cancelled.WaitAsync(TimeSpan.FromMinutes(1));
    }

    /// <summary>Holds the first request until it is cancelled.</summary>
    private sealed class BlockingExplainer : IEvidenceExplainer
    {
        private readonly TaskCompletionSource<Task> started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when a request arrives, with a task that completes when that request is cancelled.</summary>
        public Task<Task> StartedAsync() => started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        public async Task<DigitEvidence> ExplainAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            started.TrySetResult(cancelled.Task);
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Not a callback registered on the token: the delay's own callback can resume this method
                // and dispose such a registration before the token reaches it.
                cancelled.TrySetResult();
                throw;
            }

            throw new TimeoutException("The request was not cancelled within a minute.");
        }
    }

    private async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, JsonElement> Explanations(JsonElement result) =>
        result.GetProperty("explanations").EnumerateArray().ToDictionary(e => e.GetProperty("modelId").GetString()!, e => e);

    private static double[] Evidence(JsonElement explanation) =>
        [.. explanation.GetProperty("evidence").EnumerateArray().Select(v => v.GetDouble())];
}
