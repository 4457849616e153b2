using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Drawings;

public sealed class ModelVersionSwitchTests : IDisposable
{
    private readonly DrawingsAppFactory app = new();

    public void Dispose() => app.Dispose();

    private int? SimpleCnnDigit() => app.BlankImageDigit(ModelCatalog.SimpleCnn.Id);

    [Fact]
    public async Task A_new_version_is_served_without_restart_and_the_original_can_be_switched_back()
    {
        var directory = app.Models.Directory;
        var versions = app.Services.GetRequiredService<ModelVersionService>(); // the service itself: the circuits get it guarded (owner only)
        Assert.Empty(versions.List());
        Assert.Equal(TestModels.SimpleCnnDigit, SimpleCnnDigit());

        // What a fine-tune leaves: the original kept, a new version beside it, then the new one activated.
        ModelVersions.KeepCurrent(directory, ModelCatalog.SimpleCnn.Id);
        TinyOnnxModel.WriteConstant(ModelVersions.FilesOf(directory, ModelCatalog.SimpleCnn.Id, "finetune-1").Onnx, 3);
        ModelVersions.Activate(directory, ModelCatalog.SimpleCnn.Id, "finetune-1");

        await Eventually.TrueAsync(() => SimpleCnnDigit() == 3, "The model was not reloaded in time."); // the file watcher reloaded it
        var choice = Assert.Single(versions.List());
        Assert.Equal(["original", "finetune-1"], choice.Versions.Select(v => v.Name));
        Assert.Equal(new FileInfo(ModelVersions.FilesOf(directory, ModelCatalog.SimpleCnn.Id, "finetune-1").Onnx).Length, choice.Versions[1].Bytes);
        Assert.Null(choice.Versions[1].MnistAccuracy); // no metrics file: unknown, still listed
        // Four test images, three read right.
        RecordFile.Write(ModelVersions.FilesOf(directory, ModelCatalog.SimpleCnn.Id, ModelVersions.OriginalName).Metrics, TestMetrics.Compute(
            ModelCatalog.SimpleCnn.Id, "mnist-test", [1, 2, 3, 4], [.. new[] { 1, 2, 3, 5 }.SelectMany(d => Enumerable.Range(0, 10).Select(i => i == d ? 1f : 0f))],
            DateTimeOffset.UnixEpoch));
        Assert.Equal(0.75, Assert.Single(versions.List()).Versions[0].MnistAccuracy);
        File.WriteAllText(ModelVersions.FilesOf(directory, ModelCatalog.SimpleCnn.Id, "finetune-1").Metrics, "{ not json");
        Assert.Null(Assert.Single(versions.List()).Versions[1].MnistAccuracy); // unreadable: unknown, still listed
        Assert.Equal("finetune-1", choice.Active);

        versions.Activate(ModelCatalog.SimpleCnn.Id, ModelVersions.OriginalName);

        Assert.Equal(TestModels.SimpleCnnDigit, SimpleCnnDigit());
        Assert.Equal("original", Assert.Single(versions.List()).Active);
        Assert.Throws<ArgumentException>(() => versions.Activate(ModelCatalog.SimpleCnn.Id, "finetune-2"));

        Assert.Throws<InvalidOperationException>(() => versions.Delete(ModelCatalog.SimpleCnn.Id, ModelVersions.OriginalName)); // in use
        versions.Delete(ModelCatalog.SimpleCnn.Id, "finetune-1");
        Assert.Equal(["original"], Assert.Single(versions.List()).Versions.Select(v => v.Name));
        Assert.Equal(TestModels.SimpleCnnDigit, SimpleCnnDigit());
    }
}
