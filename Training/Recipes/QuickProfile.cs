using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Precision;

namespace MnistBlazor.Training.Recipes;

/// <summary>
/// The quick profile: all four models trained and tested in about 8 minutes on a 2-core machine with bf16 units (about
/// 25 on an AVX2-only one, where the CNNs train in fp32 at a half to a third of the speeds below).
/// Measured on 2 cores of an AMD EPYC (Zen 5), Release: the NN keeps all the data (batch 128, ~24,000 images/s with the
/// writing-style strokes), 40 epochs in about 2 minutes (about 3 on an AVX2-only one); the CNNs train at about 490 (simple-cnn), 210 (cnn-proj) and
/// 130 (cnn-quad) images/s in fp32 (`benchmark`, batch 128).
/// 10,000 images x 2 epochs: 6.5 minutes, CNNs 0.981-0.986 on the MNIST test set (too close to 0.98);
/// 15,000 x 2: CNNs 0.989-0.991 but 15.8 minutes while other work shared the cores. So each CNN sees
/// 12,000 images twice (batch 64 for more steps). With so little training the drawn-digit
/// distortions do not pay either (simple CNN on the real pen digits: 0.937-0.938 with them, 0.944 with
/// light augmentation; MNIST test 0.9845 against 0.9850).
/// Where a CNN trains in bf16 its steps are faster, and it spends the time saved on more images rather than finishing
/// sooner: as many as it trains in the time fp32 takes for 12,000, at most 20,000. Measured on AVX-512 BF16 without
/// AMX (AMD EPYC Zen 5, quiet machine): each CNN 1.8-2x faster, so 20,000 images each (the CNN with quadrants had
/// 18,000 while it was 1.5x faster; on 20,000 it took 7 s more and scored higher on MNIST for both seeds tried).
/// Not measured with AMX tiles; a CPU with them uses the same counts.
/// In fp32 the simple CNN, which costs about a third of the other two per image, gets 20,000 images too: on AVX2
/// without bf16 (AMD EPYC Zen 3, where the quick profile's CNNs take about 2, 6 and 9 minutes on 12,000) it lifted
/// MNIST for every seed tried and the real pen digits on average, for about 90 s more (docs/benchmarks/pen-digits.md).
/// </summary>
public static class QuickProfile
{
    /// <summary>
    /// The NN costs little beside the CNNs, so it gets half of the modern recipe's epochs: at 40 instead of 20 it read the
    /// real pen digits 2.1 points better on average over three seeds (AVX2, fp32: 0.9633 against 0.9426), MNIST a little
    /// better too, for about a minute more before the first model is ready.
    /// </summary>
    public const int NnEpochs = 40;

    /// <summary>Each CNN's training images unless it has a count of its own (below).</summary>
    public const int CnnTrainingImages = 12_000;

    /// <summary>The most training images a CNN gets in this profile: the simple CNN's, and every CNN's in bf16.</summary>
    public const int MostCnnTrainingImages = 20_000;
    public const int CnnEpochs = 2;
    public const int BatchSize = 64;

    /// <summary>
    /// Its short runs learn the writing styles only when half of the 1s, 7s and 9s carry them: on 35 % (the modern
    /// recipe's) the quick NN read real pen digits 0.9319 against 0.9469, the ensemble 0.9800 against 0.9860.
    /// </summary>
    public const double WritingStyleShare = 0.5;

    private static readonly Dictionary<string, int> CnnTrainingImagesInFp32 = new()
    {
        [ModelCatalog.SimpleCnn.Id] = MostCnnTrainingImages,
    };

    /// <summary>How many training images the CNN sees (each <see cref="CnnEpochs"/> times): in bf16 the most; in fp32 <see cref="CnnTrainingImages"/> unless it has its own count.</summary>
    public static int CnnTrainingImagesFor(ModelSpec model, PrecisionPolicy precision) =>
        precision.Resolved == TrainingPrecision.Bf16
            ? MostCnnTrainingImages
            : CnnTrainingImagesInFp32.GetValueOrDefault(model.Id, CnnTrainingImages);

    public static RecipeSettings Apply(RecipeSettings recipe, ModelSpec model, PrecisionPolicy precision)
    {
        // Named as such in the history, card and comparison table: "modern" alone would hide that it trained briefly.
        var quick = recipe with { Name = Shared.Records.TrainingRecipe.QuickProfileNameOf(recipe.Name), WritingStyleShare = WritingStyleShare };
        return model.IsConvolutional
            ? quick with { Epochs = CnnEpochs, TrainingSubset = CnnTrainingImagesFor(model, precision), BatchSize = BatchSize }
            : quick with { Epochs = NnEpochs };
    }
}
