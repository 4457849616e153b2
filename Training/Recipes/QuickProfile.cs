using MnistBlazor.Shared.Models;

namespace MnistBlazor.Training.Recipes;

/// <summary>
/// The quick profile: all four models trained and tested within 15 minutes on a 2-core machine.
/// The NN is cheap (thousands of images/s), so it keeps all the data; the CNNs train at a few hundred
/// images/s, so they see a subset for two epochs, which is enough for 0.98+ with AdamW + one-cycle.
/// </summary>
public static class QuickProfile
{
    public const int NnEpochs = 10;
    public const int CnnTrainingImages = 12_000;
    public const int CnnEpochs = 2;
    public const int BatchSize = 64;

    public static RecipeSettings Apply(RecipeSettings recipe, ModelSpec model) =>
        model.IsConvolutional
            ? recipe with { Epochs = CnnEpochs, TrainingSubset = CnnTrainingImages, BatchSize = BatchSize }
            : recipe with { Epochs = NnEpochs };
}
