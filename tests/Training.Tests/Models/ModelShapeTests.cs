using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Models;

public sealed class ModelShapeTests
{
    public static TheoryData<string, int> ModelsAndBatchSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var id in ModelCatalog.Ids)
        {
            data.Add(id, 1);
            data.Add(id, 5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelsAndBatchSizes))]
    public void Logits_have_one_row_per_image_and_ten_classes_in_eval_and_train_mode(string modelId, int batchSize)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFactory.Create(modelId);
        var images = TestImages.AsBatch(TestImages.Random(batchSize, seed: batchSize));

        model.eval();
        using (no_grad())
        {
            Assert.Equal([batchSize, 10], model.forward(images).shape);
        }

        model.train();
        Assert.Equal([batchSize, 10], model.forward(images).shape);
    }

    [Theory]
    [InlineData("nn")]
    [InlineData("cnn-quad")]
    public void Rejects_input_that_is_not_a_batch_of_28x28_single_channel_images(string modelId)
    {
        using var model = ModelFactory.Create(modelId);
        using var flat = zeros(2, 784);
        var error = Assert.Throws<ArgumentException>(() => model.forward(flat));
        Assert.Contains("[N,1,28,28]", error.Message);
        Assert.Contains("[2,784]", error.Message);
    }

    [Fact]
    public void Factory_knows_every_catalogue_model_and_names_unknown_ids()
    {
        foreach (var id in ModelCatalog.Ids)
        {
            using var model = ModelFactory.Create(id);
            Assert.Equal(id, ModelFactory.IdOf(model));
        }

        var error = Assert.Throws<ArgumentException>(() => ModelFactory.Create("resnet"));
        Assert.Contains("resnet", error.Message);
    }
}
