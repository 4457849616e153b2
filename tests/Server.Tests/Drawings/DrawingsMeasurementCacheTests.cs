using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Security;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Drawings;

public sealed class DrawingsMeasurementCacheTests
{
    private static readonly StrokeDrawing VerticalOne = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);

    [Fact]
    public async Task Many_viewers_share_one_measurement_until_the_drawings_or_the_models_change()
    {
        using var app = new DrawingsAppFactory();
        var drawings = app.Drawings;
        for (var i = 0; i < 5; i++)
        {
            await drawings.SaveAsync(i, VerticalOne, null, []);
        }

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => drawings.MeasureAsync()));
        Assert.Equal(1, drawings.MeasurementRuns);
        Assert.All(first, m => Assert.Equal(5, m.DrawingCount));
        await drawings.MeasureAsync();
        Assert.Equal(1, drawings.MeasurementRuns);

        await drawings.SaveAsync(7, VerticalOne, null, []);
        var afterSave = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => drawings.MeasureAsync()));
        Assert.Equal(2, drawings.MeasurementRuns);
        Assert.All(afterSave, m => Assert.Equal(6, m.DrawingCount));

        await drawings.RelabelAsync(1, 9);
        await drawings.MeasureAsync();
        Assert.Equal(3, drawings.MeasurementRuns);

        TinyOnnxModel.WriteConstant(app.Models.OnnxPath("nn"), 3);
        app.Services.GetRequiredService<ModelRegistry>().Reload("nn");
        var afterModel = await drawings.MeasureAsync();
        Assert.Equal(4, drawings.MeasurementRuns);
        Assert.Equal(1.0 / 6, afterModel.Models.Single(m => m.Status.ModelId == "nn").Metrics!.Accuracy, precision: 6); // nn now answers 3 to all six
    }

    [Fact]
    public async Task The_ensembles_mnist_figure_measured_after_the_drawings_is_shown_beside_them_without_measuring_them_again()
    {
        using var app = new DrawingsAppFactory();
        await app.Drawings.SaveAsync(1, VerticalOne, null, []);
        var before = await app.Drawings.MeasureAsync();
        Assert.Null(before.Models.Single(m => m.Status.ModelId == ModelCatalog.EnsembleId).Status.TestAccuracy);

        RecordFile.Write(new ModelFiles(app.Models.Directory, ModelCatalog.EnsembleId).Metrics,
            TestMetrics.Compute(ModelCatalog.EnsembleId, "mnist-test", [1, 2], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], DateTimeOffset.UnixEpoch));
        var registry = app.Services.GetRequiredService<ModelRegistry>();
        await Eventually.TrueAsync(() => registry.EnsembleAccuracy is not null);
        var after = await app.Drawings.MeasureAsync();

        Assert.Equal(0.5, after.Models.Single(m => m.Status.ModelId == ModelCatalog.EnsembleId).Status.TestAccuracy);
        Assert.Equal(1, app.Drawings.MeasurementRuns);
        Assert.Equal(before.Models.Select(m => m.Metrics?.Accuracy), after.Models.Select(m => m.Metrics?.Accuracy));
    }

    [Fact]
    public async Task Each_drawing_is_classified_once_per_version_of_the_models_however_often_the_drawings_change()
    {
        using var app = new DrawingsAppFactory();
        var drawings = app.Drawings;
        for (var i = 0; i < 5; i++)
        {
            await drawings.SaveAsync(1, VerticalOne, null, []);
        }

        await drawings.MeasureAsync();
        Assert.Equal(5, drawings.ImagesClassifiedForMeasurement);

        await drawings.SaveAsync(1, VerticalOne, null, []);
        await drawings.RelabelAsync(1, 9);
        var afterChanges = await drawings.MeasureAsync();
        Assert.Equal(6, drawings.ImagesClassifiedForMeasurement); // only the new drawing
        Assert.Equal(6, afterChanges.DrawingCount);
        var nnAnswer = (int)app.BlankImageDigit("nn")!;
        Assert.Equal(nnAnswer == 9 ? 1.0 / 6 : nnAnswer == 1 ? 5.0 / 6 : 0, afterChanges.Models.Single(m => m.Status.ModelId == "nn").Metrics!.Accuracy, precision: 6);

        TinyOnnxModel.WriteConstant(app.Models.OnnxPath("nn"), 3);
        app.Services.GetRequiredService<ModelRegistry>().Reload("nn");
        await drawings.MeasureAsync();
        Assert.Equal(12, drawings.ImagesClassifiedForMeasurement); // all of them again, with the new model
    }

    [Fact]
    public async Task The_measurement_waits_while_requests_hold_every_core()
    {
        using var app = new DrawingsAppFactory();
        await app.Drawings.SaveAsync(1, VerticalOne, null, []);
        var cores = app.Services.GetRequiredService<InferenceCores>();
        var requests = new List<InferenceCores.Lease>();
        for (var i = 0; i < cores.Count; i++)
        {
            requests.Add(await cores.ForRequestAsync(CancellationToken.None));
        }

        var measuring = app.Drawings.MeasureAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(measuring.IsCompleted);

        requests.ForEach(lease => lease.Dispose());
        var measurement = await measuring.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, measurement.DrawingCount);
    }

    [Fact]
    public async Task Visitors_over_http_are_served_the_cached_measurement_and_cannot_make_it_run_again()
    {
        using var app = new DrawingsAppFactory(new Dictionary<string, string> { ["Owner:Password"] = "owner only" }, RemoteAddresses.Stranger);
        for (var i = 0; i < 3; i++)
        {
            await app.Drawings.SaveAsync(i, VerticalOne, null, []);
        }

        var client = app.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/api/drawings/measure")));
        for (var i = 0; i < 20; i++)
        {
            answers = [.. answers, await client.GetAsync("/api/drawings/measure")];
        }

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(1, app.Drawings.MeasurementRuns);

        // The only ways to make it run again (a save, relabel or delete, a model version switch) need the owner.
        var save = new StringContent(Requests.Stroke(label: 1), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/drawings", save)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/drawings/measure")).StatusCode);
        Assert.Equal(1, app.Drawings.MeasurementRuns);
    }
}
