using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Records;

public sealed class ModelCardTests
{
    [Theory]
    [InlineData("mnist", 12_000, 0.05, true)]
    [InlineData("mnist", 20_000, 0.05, true)]
    [InlineData("mnist", 57_000, 0.05, false)]
    [InlineData("mnist", 48_000, 0.2, false)]
    [InlineData("mnist", 47_999, 0.2, true)]
    [InlineData("mnist", null, 0.05, false)]
    [InlineData("kaggle:train.csv", 12_000, 0.05, false)]
    public void A_model_trained_on_a_subset_of_mnist_says_so(string source, int? images, double validationSplit, bool partial)
    {
        var card = new ModelCard
        {
            ModelId = "simple-cnn",
            DisplayName = "Simple CNN",
            Architecture = "",
            Recipe = new TrainingRecipe("modern", "adamw", 0.002, "one-cycle", 64, 2, true, validationSplit, 42, images),
            DataSource = source,
            DataChecksum = MnistDataset.TrainImages.Sha256,
        };

        Assert.Equal(partial, card.TrainedOnPartOfMnist());
    }
}
