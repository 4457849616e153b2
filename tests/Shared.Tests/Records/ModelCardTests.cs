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

    [Fact]
    public void A_fine_tune_answers_for_the_training_it_started_from_through_every_fine_tune_and_keeps_it_on_disk()
    {
        var quick = Card("modern (quick profile)", MnistDataset.SourceName, 20_000, seconds: 60);
        var firstTune = Card("finetune", "mnist+my-drawings", 12_300, seconds: 30) with { FineTunedFrom = quick };
        var secondTune = Card("finetune", "mnist+my-drawings", 12_400, seconds: 20) with { FineTunedFrom = firstTune };
        using var folder = new TemporaryDirectory();

        RecordFile.Write(folder.File("card.json"), secondTune);
        var read = RecordFile.Read<ModelCard>(folder.File("card.json"));

        Assert.Equal(quick, read.BaseTraining());
        Assert.True(read.TrainedOnPartOfMnist());
        Assert.Equal(2, read.FineTuneCount());
        Assert.Equal(110, read.TotalTrainingSeconds());
        Assert.Equal(0, quick.FineTuneCount());
        Assert.Same(quick, quick.BaseTraining());
        Assert.False((secondTune with { FineTunedFrom = null }).TrainedOnPartOfMnist()); // an old fine-tune's card, without its start
    }

    private static ModelCard Card(string recipe, string source, int images, double seconds) => new()
    {
        ModelId = "simple-cnn",
        DisplayName = "Simple CNN",
        Architecture = "",
        Recipe = new TrainingRecipe(recipe, "adamw", 0.002, "one-cycle", 64, 2, true, 0.05, 42, images),
        DataSource = source,
        DataChecksum = MnistDataset.TrainImages.Sha256,
        TrainingSeconds = seconds,
    };
}
