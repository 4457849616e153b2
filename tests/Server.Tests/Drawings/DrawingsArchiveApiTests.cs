using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Tests.Security;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Tests.Drawings;

public sealed class DrawingsArchiveApiTests
{
    private const string ImportPath = "/api/drawings/import";
    private static readonly StrokeDrawing VerticalOne = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);

    [Fact]
    public async Task Every_drawing_downloaded_from_one_server_is_imported_by_another_as_it_was()
    {
        using var first = new DrawingsAppFactory();
        var seven = await first.Drawings.SaveAsync(7, VerticalOne, null, [new DrawingPrediction("ensemble", 1, 0.6f)]);
        await first.Drawings.RelabelAsync(seven, 1);
        await first.Drawings.SaveAsync(0, SampleStrokes.Eleven, null, [], readAsOneDigit: true);
        var download = await first.CreateClient().GetAsync(DrawingEndpoints.ArchiveExportPath);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(DrawingsArchive.FileName, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var archive = await download.Content.ReadAsByteArrayAsync();

        using var second = new DrawingsAppFactory();
        var client = second.CreateClient();
        await second.Drawings.SaveAsync(4, VerticalOne, null, []); // the server's own drawings stay
        var imported = await client.SendAsync(Requests.Post(ImportPath, archive, "application/json"));

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2, (await Requests.JsonAsync(imported)).GetProperty("imported").GetInt32());
        var listed = await second.Drawings.ListAsync();
        Assert.Equal([0, 1, 4], listed.Select(d => d.Label).Order());
        var relabeled = listed.Single(d => d.Label == 1);
        Assert.NotNull(relabeled.RelabeledAt);
        Assert.Equal("ensemble", Assert.Single(relabeled.Predictions).ModelId);
        Assert.True(listed.Single(d => d.Label == 0).ReadAsOneDigit);
        var again = await second.Drawings.GetAsync(relabeled.Id);
        Assert.Equal(StrokeDrawingJson.Serialize(VerticalOne), StrokeDrawingJson.Serialize(again!.Strokes));
    }

    [Fact]
    public async Task Drawings_beyond_one_archive_are_refused_whole_and_given_part_by_part_each_of_which_another_server_imports()
    {
        using var first = new DrawingsAppFactory();
        var image = new byte[MnistGeometry.PixelCount];
        image[400] = 255;
        var saved = first.Drawings.Store.AddAll(Enumerable.Range(0, DrawingsArchive.MostDrawings + 2)
            .Select(i => new NewDrawing(i % 10, VerticalOne, image, null, [new DrawingPrediction("ensemble", i % 10, 0.9f)], DateTimeOffset.UnixEpoch))
            .ToArray());
        first.Drawings.Store.Delete(saved[0]); // parts go by the ids there are
        var client = first.CreateClient();

        var whole = await client.GetAsync(DrawingEndpoints.ArchiveExportPath);

        var detail = await Requests.AssertProblemAsync(whole, HttpStatusCode.Conflict);
        var parts = (await Requests.JsonAsync(whole)).GetProperty("parts").EnumerateArray().Select(link => link.GetString()!).ToArray();
        Assert.Equal([$"/api/drawings/export/json?from={saved[1]}&to={saved[DrawingsArchive.MostDrawings]}", $"/api/drawings/export/json?from={saved[^1]}&to={saved[^1]}"], parts);
        Assert.Equal($"The {DrawingsArchive.MostDrawings + 1} drawings take 2 archives (one import reads at most {DrawingsArchive.MostDrawings} drawings and {DrawingsArchive.MostBytes} bytes); ask for them one by one: {parts[0]}, {parts[1]}.", detail);

        using var second = new DrawingsAppFactory();
        string[] fileNames = [DrawingsArchive.FileNameOf(saved[1], saved[DrawingsArchive.MostDrawings]), DrawingsArchive.FileNameOf(saved[^1], saved[^1])];
        foreach (var (part, fileName) in parts.Zip(fileNames))
        {
            var download = await client.GetAsync(part);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(fileName, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
            var imported = await second.CreateClient().SendAsync(Requests.Post(ImportPath, await download.Content.ReadAsByteArrayAsync(), "application/json"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        Assert.Equal(DrawingsArchive.MostDrawings + 1, second.Drawings.Store.Count());
        Assert.Equal(first.Drawings.Store.List().Select(d => (d.Label, d.Predictions.Single().Digit)).Order(),
            second.Drawings.Store.List().Select(d => (d.Label, d.Predictions.Single().Digit)).Order());
    }

    [Theory]
    [InlineData("?from=0&to=3", "0 and 3")]
    [InlineData("?from=5&to=2", "5 and 2")]
    [InlineData("?to=-1", "none and -1")]
    public async Task A_range_of_ids_that_is_none_is_refused_with_what_was_asked(string query, string got)
    {
        using var app = new DrawingsAppFactory();
        await app.Drawings.SaveAsync(7, VerticalOne, null, []);

        var refused = await app.CreateClient().GetAsync(DrawingEndpoints.ArchiveExportPath + query);

        Assert.Equal($"?from= and ?to= are the first and last drawing ids wanted (1 or more, the first no larger than the last); got {got}.",
            await Requests.AssertProblemAsync(refused, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_range_gives_the_drawings_saved_with_those_ids_and_no_other()
    {
        using var app = new DrawingsAppFactory();
        var ids = new List<long>();
        foreach (var label in new[] { 1, 2, 3, 4 })
        {
            ids.Add(await app.Drawings.SaveAsync(label, VerticalOne, null, []));
        }

        var download = await app.CreateClient().GetAsync($"{DrawingEndpoints.ArchiveExportPath}?from={ids[1]}&to={ids[2]}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(DrawingsArchive.FileNameOf(ids[1], ids[2]), download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var drawings = await DrawingsArchive.ReadAsync(await download.Content.ReadAsStreamAsync());
        Assert.Equal([2, 3], drawings.Select(d => d.Label));
        var none = await app.CreateClient().GetAsync($"{DrawingEndpoints.ArchiveExportPath}?from={ids[3] + 1}");
        Assert.Empty(await DrawingsArchive.ReadAsync(await none.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task An_archive_with_one_drawing_not_valid_saves_nothing_and_says_which_and_why()
    {
        using var app = new DrawingsAppFactory();
        await app.Drawings.SaveAsync(7, VerticalOne, null, []);
        await app.Drawings.SaveAsync(1, VerticalOne, null, []);
        var archive = JsonNode.Parse(await app.CreateClient().GetByteArrayAsync(DrawingEndpoints.ArchiveExportPath))!;
        archive["drawings"]![1]!["label"] = "one";

        var refused = await app.CreateClient().SendAsync(Requests.Post(ImportPath, archive.ToJsonString()));

        var detail = await Requests.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal("Nothing was saved: drawings[1].label is the string \"one\"; it must be a whole number 0..9.", detail);
        Assert.Equal(2, app.Drawings.Store.Count());
    }

    [Fact]
    public void An_import_may_take_minutes_where_the_apis_other_requests_get_seconds()
    {
        using var app = new DrawingsAppFactory();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        RequestTimeoutAttribute TimeoutOf(string pattern, string method) => endpoints
            .Single(e => e.RoutePattern.RawText?.TrimEnd('/') == pattern && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(method) == true)
            .Metadata.GetMetadata<RequestTimeoutAttribute>()!;

        Assert.Equal(DrawingEndpoints.ImportTimeout, TimeoutOf(ImportPath, "POST").Timeout);
        Assert.Equal(RequestLimits.ApiTimeoutPolicy, TimeoutOf("/api/drawings", "POST").PolicyName);
    }

    [Fact]
    public async Task Only_json_is_taken_and_a_body_announced_beyond_the_archive_limit_is_refused_unread()
    {
        using var app = new DrawingsAppFactory();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.SendAsync(Requests.Post(ImportPath, "label=1", "application/x-www-form-urlencoded"))).StatusCode);
        var tooLarge = Requests.Post(ImportPath, "{}");
        tooLarge.Content!.Headers.ContentLength = DrawingsArchive.MostBytes + 1;
        var refused = await client.SendAsync(tooLarge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal(0, app.Drawings.Store.Count());
    }
}
