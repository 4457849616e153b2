using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Tests.Drawings;

public sealed class SavedDrawingsWarmUpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly StrokeDrawing VerticalOne = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);
    private static readonly Dictionary<string, string> WarmUpOn = new() { ["Drawings:WarmUp"] = "true" };

    [Fact]
    public async Task After_a_start_every_saved_drawing_is_read_and_measured_once_so_the_first_visit_waits_for_neither()
    {
        using var app = new DrawingsAppFactory(WarmUpOn);
        SaveBeforeTheStart(app.DatabasePath, VerticalOne, VerticalOne, SampleStrokes.Eleven);

        var done = await app.Services.GetRequiredService<SavedDrawingsWarmUp>().Completion.WaitAsync(Patience);

        Assert.Equal((3, true), done);
        Assert.Equal(1, app.Drawings.MeasurementRuns);
        var measurement = await app.Drawings.MeasureAsync();
        Assert.Equal(1, app.Drawings.MeasurementRuns); // the visit is answered from the warm-up's measurement
        Assert.Equal(2, measurement.DrawingCount);
        Assert.Equal(1, measurement.SeveralDigitsLeftOut);
    }

    [Fact]
    public async Task Switched_off_it_reads_and_measures_nothing()
    {
        using var app = new DrawingsAppFactory();
        SaveBeforeTheStart(app.DatabasePath, VerticalOne);

        var done = await app.Services.GetRequiredService<SavedDrawingsWarmUp>().Completion.WaitAsync(Patience);

        Assert.Equal((0, false), done);
        Assert.Equal(0, app.Drawings.MeasurementRuns);
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_leaves_the_server_serving_and_the_pages_to_say_why()
    {
        using var app = new DrawingsAppFactory(WarmUpOn);
        Directory.CreateDirectory(Path.GetDirectoryName(app.DatabasePath)!);
        await File.WriteAllTextAsync(app.DatabasePath, "not a database");

        var done = await app.Services.GetRequiredService<SavedDrawingsWarmUp>().Completion.WaitAsync(Patience);

        Assert.Equal((0, false), done);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/drawings")).StatusCode);
    }

    private static void SaveBeforeTheStart(string databasePath, params StrokeDrawing[] drawings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        using (var store = DrawingStore.Open(databasePath))
        {
            foreach (var strokes in drawings)
            {
                var image = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(strokes).Pixels);
                store.Add(new NewDrawing(1, strokes, image, null, [], DateTimeOffset.UnixEpoch));
            }
        }

        SqliteConnection.ClearAllPools();
    }
}
