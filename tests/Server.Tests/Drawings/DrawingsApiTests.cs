using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Tests.Drawings;

public sealed class DrawingsApiTests : IDisposable
{
    private static readonly StrokeDrawing VerticalOne = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);
    /// <summary>A zigzag in a wide pen: much more ink than <see cref="VerticalOne"/>.</summary>
    private static readonly StrokeDrawing Heavy = new(280, 280, [new Stroke([new StrokePoint(40, 40), new StrokePoint(240, 60), new StrokePoint(40, 140), new StrokePoint(240, 160), new StrokePoint(40, 240)], 40)]);
    private static readonly StrokeDrawing Bar = new(280, 280, [new Stroke([new StrokePoint(40, 140), new StrokePoint(240, 150)], 30)]);

    private readonly DrawingsAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_saved_drawing_is_listed_with_its_image_and_predictions()
    {
        var client = app.CreateClient();
        var png = PngWriter.Rgba(2, 2, new byte[16]);
        var id = await app.Drawings.SaveAsync(7, VerticalOne, png, [new DrawingPrediction("ensemble", 1, 0.6f)]);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/drawings");

        var drawing = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, drawing.GetProperty("id").GetInt64());
        Assert.Equal(7, drawing.GetProperty("label").GetInt32());
        Assert.True(drawing.GetProperty("hasCanvasPng").GetBoolean());
        var image = drawing.GetProperty("image").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
        Assert.Equal(DrawingImage.ToBytes(DigitPreprocessor.Preprocess(VerticalOne).Pixels), image);
        Assert.Equal("ensemble", drawing.GetProperty("predictions")[0].GetProperty("modelId").GetString());
        Assert.Equal(png, await client.GetByteArrayAsync($"/api/drawings/{id}/canvas.png"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/drawings/{id + 1}/canvas.png")).StatusCode);
    }

    [Fact]
    public async Task One_drawing_is_read_back_with_its_strokes_for_the_drawing_page_without_its_canvas_capture()
    {
        var id = await app.Drawings.SaveAsync(1, VerticalOne, PngWriter.Rgba(2, 2, new byte[16]), [new DrawingPrediction("ensemble", 1, 0.6f)]);

        var drawing = await app.Drawings.GetAsync(id);

        Assert.NotNull(drawing);
        Assert.Equal((id, 1), (drawing.Summary.Id, drawing.Summary.Label));
        Assert.Equal(VerticalOne.Strokes.Single().Points, drawing.Strokes.Strokes.Single().Points);
        Assert.Null(drawing.CanvasPng);
        Assert.True(drawing.Summary.HasCanvasPng);
        Assert.Null(await app.Drawings.GetAsync(id + 1));
    }

    [Fact]
    public async Task One_drawing_is_served_with_its_strokes_which_predict_reads_again()
    {
        var client = app.CreateClient();
        var id = await app.Drawings.SaveAsync(1, VerticalOne, null, [new DrawingPrediction("ensemble", 1, 0.6f)]);

        var drawing = await client.GetFromJsonAsync<JsonElement>($"/api/drawings/{id}");
        var predicted = await client.PostAsync("/api/predict",
            new StringContent(drawing.GetProperty("drawing").GetRawText(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(id, drawing.GetProperty("saved").GetProperty("id").GetInt64());
        Assert.Equal(1, drawing.GetProperty("saved").GetProperty("label").GetInt32());
        Assert.False(drawing.GetProperty("saved").GetProperty("looksLikeSeveralDigits").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var image = (await predicted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("image").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        Assert.Equal(DigitPreprocessor.Preprocess(VerticalOne).Pixels, image);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/drawings/{id + 1}")).StatusCode);
    }

    [Fact]
    public async Task A_blank_drawing_is_not_saved()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => app.Drawings.SaveAsync(3, new StrokeDrawing(280, 280, []), null, []));

        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Fact]
    public async Task The_measurement_reads_each_drawing_from_its_strokes_today_not_the_image_stored_then()
    {
        // The NN answers 8 for an image as full of ink as the stored one, 1 for the image a 1's strokes make.
        var (bias, inkWeight) = (new float[10], new float[10]);
        (bias[1], bias[8], inkWeight[8]) = (1, -300, 1);
        TinyOnnxModel.Write(app.Models.OnnxPath("nn"), bias, inkWeight);
        app.Services.GetRequiredService<ModelRegistry>().Reload("nn");
        var imageThen = Enumerable.Repeat((byte)255, MnistGeometry.PixelCount).ToArray();
        var id = app.Drawings.Store.Add(new NewDrawing(1, VerticalOne, imageThen, null, [], DateTimeOffset.UnixEpoch));

        var measurement = await app.Drawings.MeasureAsync();

        Assert.Equal(1.0, measurement.Models.Single(m => m.Status.ModelId == "nn").Metrics!.Accuracy);
        Assert.Equal(1, measurement.ChangedSinceSaved);
        var answered = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/drawings/measure");
        Assert.Equal(1, answered.GetProperty("changedSinceSaved").GetInt32());
        Assert.Equal([id], measurement.DrawingIds);
        Assert.Equal(DrawingImage.ToBytes(DigitPreprocessor.Preprocess(VerticalOne).Pixels), measurement.Images!.ImageBytes(0).ToArray());
        Assert.Equal(id, answered.GetProperty("drawingIds")[0].GetInt64());
        Assert.False(answered.TryGetProperty("images", out _), "the images stay on the server");
    }

    [Fact]
    public async Task The_measurement_names_the_drawings_most_CNNs_find_unlike_any_digit_they_learned()
    {
        // The simple CNN is the only profiled model, so its word is the majority's. Its profile is centred at 0, so an
        // image's distance is the length of its channel averages: the heavy drawing's lies about a quarter farther out
        // than the thin 1's, and the threshold falls between them.
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        var client = app.CreateClient();
        File.WriteAllBytes(app.Models.OnnxPath("simple-cnn"), ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: 1e6f).ToMetadata()));
        registry.Reload("simple-cnn");
        string Body(StrokeDrawing drawing, string? label = null) => label is null ? StrokeDrawingJson.Serialize(drawing) : $"{{\"label\": {label}, {StrokeDrawingJson.Serialize(drawing)[1..]}";
        async Task<JsonElement> PostAsync(string path, string body) =>
            await (await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();
        async Task<double> DistanceAsync(StrokeDrawing drawing) => (await PostAsync("/api/predict", Body(drawing))).GetProperty("predictions")
            .EnumerateArray().Single(p => p.GetProperty("modelId").GetString() == "simple-cnn").GetProperty("familiarity").GetProperty("distance").GetDouble();
        var (one, heavy) = (await DistanceAsync(VerticalOne), await DistanceAsync(Heavy));
        Assert.True(heavy > 1.1 * one, $"the heavy drawing's distance {heavy} should lie well beyond the 1's {one}");
        File.WriteAllBytes(app.Models.OnnxPath("simple-cnn"), ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: (float)(one + heavy) / 2).ToMetadata()));
        registry.Reload("simple-cnn");
        var (savedOne, savedHeavy) = (await PostAsync("/api/drawings", Body(VerticalOne, "1")), await PostAsync("/api/drawings", Body(Heavy, "3")));
        Assert.False(savedOne.GetProperty("unfamiliar").GetBoolean());
        Assert.True(savedHeavy.GetProperty("unfamiliar").GetBoolean(), "saved all the same, and said so");
        var heavyId = savedHeavy.GetProperty("id").GetInt64();

        var measurement = await app.Drawings.MeasureAsync();

        Assert.Equal([heavyId], measurement.UnfamiliarIds);
        var answered = await client.GetFromJsonAsync<JsonElement>("/api/drawings/measure");
        Assert.Equal([heavyId], answered.GetProperty("unfamiliarIds").EnumerateArray().Select(id => id.GetInt64()));
    }

    [Fact]
    public async Task The_exports_read_back_with_the_Shared_readers_each_image_from_its_strokes_today()
    {
        var client = app.CreateClient();
        await app.Drawings.SaveAsync(1, VerticalOne, null, []);

        // Saved by an earlier version whose preprocessing made another image of the same strokes.
        var imageThen = new byte[MnistGeometry.PixelCount];
        imageThen.AsSpan(300, 20).Fill(255);
        app.Drawings.Store.Add(new NewDrawing(4, Bar, imageThen, null, [], DateTimeOffset.UnixEpoch));
        var folder = Directory.CreateTempSubdirectory("mnistblazor-export-test-");
        try
        {
            var csv = await Download(client, "/api/drawings/export/csv", folder.FullName, "text/csv");
            var images = await Download(client, "/api/drawings/export/idx-images", folder.FullName, "application/octet-stream");
            var labels = await Download(client, "/api/drawings/export/idx-labels", folder.FullName, "application/octet-stream");

            var expected = new LabeledImages(
                [.. DrawingImage.ToBytes(DigitPreprocessor.Preprocess(VerticalOne).Pixels), .. DrawingImage.ToBytes(DigitPreprocessor.Preprocess(Bar).Pixels)], [1, 4]);
            foreach (var read in new[] { KaggleCsv.ReadTrain(csv), IdxReader.ReadLabeled(images, labels) })
            {
                Assert.Equal([1, 4], read.Labels!.Select(l => (int)l));
                Assert.Equal(expected.Pixels, read.Pixels);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Every_model_is_measured_on_the_saved_drawings()
    {
        // The test models: simple-cnn and cnn-proj always say 7, cnn-quad 2, nn 1 on little ink; the ensemble averages to 7.
        await app.Drawings.SaveAsync(7, VerticalOne, null, []);
        await app.Drawings.SaveAsync(7, VerticalOne, null, []);
        await app.Drawings.SaveAsync(2, VerticalOne, null, []);

        var measurement = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/drawings/measure");

        Assert.Equal(3, measurement.GetProperty("drawingCount").GetInt32());
        var byModel = measurement.GetProperty("models").EnumerateArray()
            .ToDictionary(m => m.GetProperty("status").GetProperty("modelId").GetString()!, m => m.GetProperty("metrics"));
        Assert.Equal(["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"], byModel.Keys);
        Assert.Equal(0.0, byModel["nn"].GetProperty("accuracy").GetDouble());
        Assert.Equal(2.0 / 3, byModel["simple-cnn"].GetProperty("accuracy").GetDouble(), precision: 9);
        Assert.Equal(1.0 / 3, byModel["cnn-quad"].GetProperty("accuracy").GetDouble(), precision: 9);
        Assert.Equal(2.0 / 3, byModel["ensemble"].GetProperty("accuracy").GetDouble(), precision: 9);
        Assert.Equal(SavedDrawing.DatasetName, byModel["ensemble"].GetProperty("dataset").GetString());
        Assert.Equal(2, byModel["simple-cnn"].GetProperty("confusion")[7][7].GetInt32());
        Assert.Equal(1, byModel["simple-cnn"].GetProperty("confusion")[2][7].GetInt32());
    }

    [Fact]
    public async Task A_drawing_of_several_digits_saved_before_they_were_refused_is_flagged_and_left_out_of_the_measurement()
    {
        var single = await app.Drawings.SaveAsync(7, VerticalOne, null, []);
        var image = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(SampleStrokes.Eleven).Pixels);
        var several = app.Drawings.Store.Add(new NewDrawing(1, SampleStrokes.Eleven, image, null, [], DateTimeOffset.UnixEpoch));
        var client = app.CreateClient();

        var list = await client.GetFromJsonAsync<JsonElement>("/api/drawings");
        var measurement = await client.GetFromJsonAsync<JsonElement>("/api/drawings/measure");

        var flags = list.EnumerateArray().ToDictionary(d => d.GetProperty("id").GetInt64(), d => d.GetProperty("looksLikeSeveralDigits").GetBoolean());
        Assert.Equal(new Dictionary<long, bool> { [several] = true, [single] = false }, flags);
        Assert.Equal(1, measurement.GetProperty("drawingCount").GetInt32());
        Assert.Equal(1, measurement.GetProperty("severalDigitsLeftOut").GetInt32());
        var listedOnPage = await app.Drawings.ListAsync();
        Assert.True(listedOnPage.Single(d => d.Id == several).LooksLikeSeveralDigits);
    }

    [Fact]
    public async Task A_foreign_database_gives_503_naming_the_file_without_its_path_and_stays_untouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(app.DatabasePath)!);
        var bytes = "SQLite format 3\0 but nothing else that makes a database"u8.ToArray().Concat(new byte[4000]).ToArray();
        File.WriteAllBytes(app.DatabasePath, bytes);
        var client = app.CreateClient();

        var response = await client.GetAsync("/api/drawings");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("drawings.db: is not a readable SQLite database", problem.GetProperty("detail").GetString());
        Assert.Equal("drawings.db", problem.GetProperty("file").GetString());
        Assert.DoesNotContain(app.Models.Directory, problem.GetRawText());
        await Assert.ThrowsAsync<DataFileException>(() => app.Drawings.SaveAsync(1, VerticalOne, null, []));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/drawings/export/csv")).StatusCode);
        Assert.Equal(bytes, File.ReadAllBytes(app.DatabasePath));
    }

    [Fact]
    public async Task A_database_folder_that_cannot_be_made_gives_503_naming_the_file_not_a_500()
    {
        File.WriteAllText(Path.GetDirectoryName(app.DatabasePath)!, "a file where the database's folder would be");
        var client = app.CreateClient();

        var response = await client.PostAsync("/api/drawings", new StringContent(MnistBlazor.Server.Tests.Security.Requests.Stroke(label: 1), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Saved drawings unavailable", problem.GetProperty("title").GetString());
        Assert.StartsWith("drawings.db: its folder cannot be created", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(app.Models.Directory, problem.GetRawText());
    }

    [Fact]
    public async Task The_my_digits_page_is_served()
    {
        var response = await app.CreateClient().GetAsync("/my-digits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("My digits", html);
        var stylesheet = System.Text.RegularExpressions.Regex.Match(html, "href=\"(drawings[^\"]*\\.css)\"").Groups[1].Value;
        Assert.StartsWith("drawings", stylesheet);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/" + stylesheet)).StatusCode);
    }

    private static async Task<string> Download(HttpClient client, string url, string folder, string mediaType)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        Assert.False(string.IsNullOrEmpty(name));
        var path = Path.Combine(folder, name!.Trim('"'));
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return path;
    }
}

public sealed class SaveDrawingApiTests : IDisposable
{
    /// <summary>Two strokes far apart, as "11" is written.</summary>
    private const string TwoDigits =
        "\"width\": 280, \"height\": 280, \"strokes\": [{\"width\": 20, \"points\": [[70, 50], [70, 230]]}, {\"width\": 20, \"points\": [[210, 50], [210, 230]]}]";

    private const string Stroke = "\"width\": 280, \"height\": 280, \"strokes\": [{\"width\": 20, \"points\": [[140, 40], [140, 240]]}]";
    private readonly DrawingsAppFactory app = new();

    public void Dispose() => app.Dispose();

    private Task<HttpResponseMessage> PostAsync(string json, string query = "") =>
        app.CreateClient().PostAsync("/api/drawings" + query, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Posting_strokes_with_a_label_saves_them_with_every_models_answer()
    {
        var response = await PostAsync("{\"label\": 1, " + Stroke + "}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt64();
        Assert.Equal($"/api/drawings/{id}", response.Headers.Location?.OriginalString);
        var saved = app.Drawings.Store.Get(id)!;
        Assert.Equal(1, saved.Summary.Label);
        Assert.Equal(["cnn-proj", "cnn-quad", "ensemble", "nn", "simple-cnn"], saved.Summary.Predictions.Select(p => p.ModelId));
        Assert.Equal(TestModels.CnnQuadrantsDigit, saved.Summary.Predictions.Single(p => p.ModelId == "cnn-quad").Digit);
        Assert.Equal(2, saved.Strokes.Strokes[0].Points.Count);
    }

    [Theory]
    [InlineData("{\"label\": 10, " + Stroke + "}", "\"label\" must be")]
    [InlineData("{" + Stroke + "}", "\"label\" must be")]
    [InlineData("{\"label\": \"one\", " + Stroke + "}", "\"label\" must be")]
    [InlineData("{\"label\": 1, \"pixels\": []}", "\"pixels\" has 0 values")]
    [InlineData("{\"label\": 1, ", "not valid JSON")]
    [InlineData("{\"label\": 1, \"width\": 280, \"height\": 280, \"strokes\": []}", "Nothing to save")]
    [InlineData("{\"label\": 1, " + TwoDigits + "}", "looks like 2 digits side by side")]
    [InlineData("{\"label\": 1, " + TwoDigits + "}", "if it is one digit written in parts, say so with ?digits=1.")]
    [InlineData("{\"label\": 1, " + Stroke + "}", "The query parameter 'digits' can only be 1 (save ink in parts side by side as one digit); got '2'.", "?digits=2")]
    [InlineData("{\"label\": 1, \"width\": 280, \"height\": 280, \"strokes\": []}", "Nothing to save", "?digits=1")]
    public async Task Bad_bodies_get_400_saying_what_is_wrong_and_save_nothing(string json, string expected, string query = "")
    {
        var response = await PostAsync(json, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(0, app.Drawings.Store.Count());
    }

    [Fact]
    public async Task Ink_in_parts_is_saved_as_one_digit_when_the_request_says_so_and_then_read_as_one()
    {
        var response = await PostAsync("{\"label\": 0, " + TwoDigits + "}", "?digits=1");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("readAsOneDigit").GetBoolean());
        var id = body.GetProperty("id").GetInt64();
        var listed = Assert.Single((await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/drawings")).EnumerateArray());
        Assert.True(listed.GetProperty("readAsOneDigit").GetBoolean());
        Assert.False(listed.GetProperty("looksLikeSeveralDigits").GetBoolean());
        Assert.Equal(1, (await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/drawings/measure")).GetProperty("drawingCount").GetInt32());
        Assert.True(app.Drawings.Store.Get(id)!.Summary.ReadAsOneDigit);

        // One digit already: saved as it is, with nothing to remember.
        var single = await (await PostAsync("{\"label\": 1, " + Stroke + "}", "?digits=1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(single.GetProperty("readAsOneDigit").GetBoolean());
        Assert.False(app.Drawings.Store.Get(single.GetProperty("id").GetInt64())!.Summary.ReadAsOneDigit);
    }

    [Fact]
    public async Task Many_concurrent_posts_are_all_saved()
    {
        var client = app.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.PostAsync("/api/drawings", new StringContent($"{{\"label\": {i % 10}, {Stroke}}}", System.Text.Encoding.UTF8, "application/json"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(40, app.Drawings.Store.Count());
    }
}
