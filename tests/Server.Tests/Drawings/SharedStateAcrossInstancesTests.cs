using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Drawings;

/// <summary>
/// Two server instances over one models directory and one drawings database, as behind a load balancer:
/// what the owner changes through one is what the other serves and measures.
/// </summary>
public sealed class SharedStateAcrossInstancesTests : IDisposable
{
    private static readonly StrokeDrawing VerticalOne = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);

    private readonly DrawingsAppFactory first = new();
    private readonly DrawingsAppFactory second;

    public SharedStateAcrossInstancesTests()
    {
        second = new DrawingsAppFactory(new Dictionary<string, string>
        {
            ["Models:Directory"] = first.Models.Directory,
            ["Drawings:DatabasePath"] = first.DatabasePath,
        });
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }

    private static int? SimpleCnnDigit(DrawingsAppFactory instance) => instance.BlankImageDigit(ModelCatalog.SimpleCnn.Id);

    [Fact]
    public async Task A_version_activated_on_one_instance_is_served_and_listed_by_the_other()
    {
        Assert.Equal(TestModels.SimpleCnnDigit, SimpleCnnDigit(second));
        var directory = first.Models.Directory;
        ModelVersions.KeepCurrent(directory, ModelCatalog.SimpleCnn.Id);
        TinyOnnxModel.WriteConstant(ModelVersions.FilesOf(directory, ModelCatalog.SimpleCnn.Id, "finetune-1").Onnx, 3);

        first.Services.GetRequiredService<ModelVersionService>().Activate(ModelCatalog.SimpleCnn.Id, "finetune-1");

        Assert.Equal(3, SimpleCnnDigit(first));
        await Eventually.TrueAsync(() => SimpleCnnDigit(second) == 3, "The other instance did not reload the activated version in time.");
        Assert.Equal("finetune-1", Assert.Single(second.Services.GetRequiredService<ModelVersionService>().List()).Active);

        second.Services.GetRequiredService<ModelVersionService>().Activate(ModelCatalog.SimpleCnn.Id, ModelVersions.OriginalName);

        await Eventually.TrueAsync(() => SimpleCnnDigit(first) == TestModels.SimpleCnnDigit, "The first instance did not follow the switch back in time.");
    }

    [Fact]
    public async Task A_drawing_saved_relabelled_or_deleted_through_one_instance_changes_the_other_instances_measurement()
    {
        await first.Drawings.SaveAsync(1, VerticalOne, null, []);
        Assert.Equal(1, (await second.Drawings.MeasureAsync()).DrawingCount);
        await second.Drawings.MeasureAsync();
        Assert.Equal(1, second.Drawings.MeasurementRuns);

        var id = await first.Drawings.SaveAsync(1, VerticalOne, null, []);
        Assert.Equal(2, (await second.Drawings.MeasureAsync()).DrawingCount);

        await first.Drawings.RelabelAsync(id, 7);
        await second.Drawings.MeasureAsync();
        Assert.Equal(3, second.Drawings.MeasurementRuns);
        Assert.Equal(7, second.Drawings.Store.List().Single(d => d.Id == id).Label);

        await first.Drawings.DeleteAsync(id);
        Assert.Equal(1, (await second.Drawings.MeasureAsync()).DrawingCount);
    }
}
