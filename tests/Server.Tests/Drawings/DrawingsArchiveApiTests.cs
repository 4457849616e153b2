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
