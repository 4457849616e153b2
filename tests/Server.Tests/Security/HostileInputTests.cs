using System.Globalization;
using System.Net;
using MnistBlazor.Server.Tests.Drawings;
using MnistBlazor.Shared.Imaging;
using Xunit.Abstractions;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>
/// Hundreds of generated hostile bodies (seeded, so a failure reproduces): each gets the right status
/// with problem details, quickly, and nothing is saved.
/// </summary>
public sealed class HostileInputTests(HostileInputTests.App app, ITestOutputHelper output) : IClassFixture<HostileInputTests.App>
{
    private const int MaxBytes = 64 * 1024;

    /// <summary>One server for the suite, with a small body limit and no per-client window to trip over.</summary>
    public sealed class App : IDisposable
    {
        public DrawingsAppFactory Factory { get; } = new(new Dictionary<string, string>
        {
            ["Api:MaxRequestBytes"] = MaxBytes.ToString(CultureInfo.InvariantCulture),
            ["Limits:ClientRequestsPerWindow"] = "100000",
        });

        public void Dispose() => Factory.Dispose();
    }

    private static readonly string[] Endpoints = ["/api/predict", "/api/drawings"];

    [Fact]
    public async Task Oversized_bodies_get_413_before_they_are_read_whole()
    {
        var random = new Random(413);
        var client = app.Factory.CreateClient();
        for (var i = 0; i < 80; i++)
        {
            var size = MaxBytes + 1 + random.Next(3 * MaxBytes);
            var body = new byte[size];
            random.NextBytes(body);
            var contentType = random.Next(3) switch { 0 => "image/png", 1 => "image/jpeg", _ => "application/json" };
            var path = contentType == "application/json" ? Endpoints[random.Next(2)] : "/api/predict";

            var detail = await Requests.AssertProblemAsync(await client.SendAsync(Requests.Post(path, body, contentType)), HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains($"at most {MaxBytes}", detail);
        }

        Assert.Equal(0, app.Factory.Drawings.Store.Count());
    }

    [Fact]
    public async Task Bodies_of_other_types_get_415_whatever_they_hold()
    {
        // What browsers send cross-site without a preflight (no type, text/plain, forms), and other types.
        string?[] contentTypes = [null, "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "text/html", "application/xml", "image/gif", "application/jsonx", "json"];
        var random = new Random(415);
        var client = app.Factory.CreateClient();
        for (var i = 0; i < 120; i++)
        {
            var contentType = contentTypes[random.Next(contentTypes.Length)];
            var path = Endpoints[random.Next(2)];
            var body = random.Next(3) switch
            {
                0 => Requests.Stroke(label: 3),
                1 => "label=3&width=280&height=280",
                _ => "{\"pixels\": [" + string.Join(",", Enumerable.Repeat("0", 784)) + "]}",
            };

            var detail = await Requests.AssertProblemAsync(await client.SendAsync(Requests.Post(path, body, contentType)), HttpStatusCode.UnsupportedMediaType);
            Assert.Contains(contentType is null ? "no Content-Type" : $"'{contentType}'", detail);
        }

        Assert.Equal(0, app.Factory.Drawings.Store.Count());
    }

    [Fact]
    public async Task Huge_declared_canvases_and_pens_are_answered_from_a_small_raster()
    {
        var random = new Random(4096);
        var client = app.Factory.CreateClient();
        var answered = 0;
        for (var i = 0; i < 80; i++)
        {
            var side = random.Next(1000, 4097);
            var pen = Math.Min((float)Math.Round(DrawingLimits.MaxPenWidth(side, side) * random.NextDouble(), 1) + 1, DrawingLimits.MaxPenWidth(side, side));
            // Points criss-crossing the whole canvas, mostly within the path limit.
            var points = Enumerable.Range(0, random.Next(2, 40)).Select(_ => ((float)random.Next(side), (float)random.Next(side))).ToArray();

            var response = await client.SendAsync(Requests.Post("/api/predict", Requests.Drawing(side, side, pen, points)));

            // Zig-zags over the whole canvas exceed the path limit (400); the rest are classified (200)
            // after being redrawn on the working raster, whose work does not grow with the canvas or the pen.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Contains("path is", await Requests.AssertProblemAsync(response, HttpStatusCode.BadRequest));
                continue;
            }

            answered++;
            var work = PreprocessingWork.Of(new StrokeDrawing(side, side, [new Stroke([.. points.Select(p => new StrokePoint(p.Item1, p.Item2))], pen)]));
            Assert.InRange(work.RasterWidth, 1, PreprocessingWork.MaxRasterSide);
            Assert.InRange(work.RasterHeight, 1, PreprocessingWork.MaxRasterSide);
            Assert.InRange(work.PixelsVisited, 1, PreprocessingWork.MaxPixelsVisited);
        }

        output.WriteLine($"{answered} of 80 huge drawings classified, the rest refused for their path");
        Assert.True(answered > 10, $"only {answered} of 80 drawings were within the limits: the test checks too few");
    }

    [Fact]
    public async Task Pens_wider_than_the_pad_allows_and_canvases_beyond_the_limit_get_400()
    {
        var client = app.Factory.CreateClient();
        for (var side = 280; side <= 4096; side += 317)
        {
            var maxPen = DrawingLimits.MaxPenWidth(side, side);
            var detail = await Requests.AssertProblemAsync(
                await client.SendAsync(Requests.Post("/api/predict", Requests.Drawing(side, side, maxPen * 1.5f, [(10, 10), (side / 2f, side / 2f)]))),
                HttpStatusCode.BadRequest);
            Assert.Contains("strokes[0].width is", detail);
        }

        foreach (var side in new[] { 4097, 10_000, 1_000_000, int.MaxValue })
        {
            var detail = await Requests.AssertProblemAsync(
                await client.SendAsync(Requests.Post("/api/predict", Requests.Drawing(side, 280, 20, [(10, 10), (100, 100)]))),
                HttpStatusCode.BadRequest);
            Assert.Contains("\"width\" is", detail);
        }
    }

    [Fact]
    public async Task Too_many_points_or_too_long_a_path_get_400_saying_so()
    {
        var random = new Random(2000);
        var client = app.Factory.CreateClient();
        for (var i = 0; i < 40; i++)
        {
            var count = DrawingLimits.MaxTotalPoints + 1 + random.Next(3000);
            var points = Enumerable.Range(0, count).Select(j => (40f + j % 200, 40f + random.Next(200)));
            var path = Endpoints[random.Next(2)];

            var detail = await Requests.AssertProblemAsync(
                await client.SendAsync(Requests.Post(path, Requests.Drawing(280, 280, 20, points, label: 4))), HttpStatusCode.BadRequest);
            Assert.Contains($"more than {DrawingLimits.MaxTotalPoints} points", detail);
        }

        for (var i = 0; i < 40; i++)
        {
            // Back and forth along a short line: a path far longer than the drawing.
            var count = 100 + random.Next(1800);
            var points = Enumerable.Range(0, count).Select(j => (j % 2 == 0 ? 100f : 150f, 140f + random.Next(3)));
            var path = Endpoints[random.Next(2)];

            var detail = await Requests.AssertProblemAsync(
                await client.SendAsync(Requests.Post(path, Requests.Drawing(280, 280, 20, points, label: 4))), HttpStatusCode.BadRequest);
            Assert.Contains($"more than {DrawingLimits.MaxPathLengthPerSide:0} times its longer side", detail);
        }

        Assert.Equal(0, app.Factory.Drawings.Store.Count());
    }
}
