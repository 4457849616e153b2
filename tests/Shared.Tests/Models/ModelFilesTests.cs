using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class ModelFilesTests
{
    [Fact]
    public void Model_files_live_in_a_folder_per_model()
    {
        var files = ModelFiles.For("/srv/models", ModelCatalog.CnnProjections);

        Assert.Equal(Path.Combine("/srv/models", "cnn-proj", "model.onnx"), files.Onnx);
        Assert.Equal(Path.Combine("/srv/models", "cnn-proj", "history.json"), files.History);
    }
}
