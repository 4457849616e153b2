using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void The_catalogue_holds_the_four_study_architectures_in_order()
    {
        Assert.Equal(["nn", "simple-cnn", "cnn-proj", "cnn-quad"], ModelCatalog.Ids);
        Assert.Equal(["simple-cnn", "cnn-proj", "cnn-quad"], Ensemble.Members.Select(m => m.Id));
        Assert.Equal(0.99057, ModelCatalog.Get("cnn-quad").StudyScore);
    }

    [Fact]
    public void Unknown_ids_are_refused_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelCatalog.Get("resnet"));

        Assert.Contains("'resnet'", error.Message);
        Assert.Contains("nn, simple-cnn, cnn-proj, cnn-quad", error.Message);
        Assert.True(ModelCatalog.TryGet("SIMPLE-CNN", out var spec));
        Assert.Equal("simple-cnn", spec.Id);
    }

    [Fact]
    public void Model_files_live_in_a_folder_per_model()
    {
        var files = ModelFiles.For("/srv/models", ModelCatalog.CnnProjections);

        Assert.Equal(Path.Combine("/srv/models", "cnn-proj", "model.onnx"), files.Onnx);
        Assert.Equal(Path.Combine("/srv/models", "cnn-proj", "history.json"), files.History);
    }
}
