namespace MnistBlazor.Training.Recipes;

/// <summary>Everything that decides how a model is trained, apart from the data and the seed.</summary>
/// <param name="Name">The recipe it started from (modern or study), recorded in the model card.</param>
/// <param name="LearningRate">The constant rate, or the peak rate of the one-cycle schedule.</param>
/// <param name="ValidationSplit">Fraction of the training data held out as validation (Keras semantics: the last samples).</param>
/// <param name="TrainingSubset">When set, only this many training images are used (the quick profile).</param>
/// <param name="Augmentation">Which augmentation, when <paramref name="Augment"/> is on.</param>
/// <param name="WritingStyleShare">With the styles augmentation, the share of styled digits when not its default (the quick profile's).</param>
public sealed record RecipeSettings(
    string Name,
    OptimizerKind Optimizer,
    double LearningRate,
    double WeightDecay,
    ScheduleKind Schedule,
    int BatchSize,
    int Epochs,
    bool Augment,
    double ValidationSplit,
    int? TrainingSubset = null,
    AugmentationKind Augmentation = AugmentationKind.Light,
    double? WritingStyleShare = null)
{
    /// <summary>The recipe as the model card records it.</summary>
    public Shared.Records.TrainingRecipe ToRecord(int seed, int trainingImages) => new(
        Name,
        OptionNames.Of(Optimizer),
        LearningRate,
        OptionNames.Of(Schedule),
        BatchSize,
        Epochs,
        Augment,
        ValidationSplit,
        seed,
        trainingImages,
        Augment ? OptionNames.Of(Augmentation) : null);

    /// <summary>The augmentation to apply to training batches, or null when the recipe does not augment.</summary>
    public Data.DigitAugmentation? CreateAugmentation() => Augment
        ? new Data.DigitAugmentation(Augmentation switch
        {
            AugmentationKind.Drawn => Data.AugmentationSettings.Drawn,
            AugmentationKind.Styles => Data.AugmentationSettings.LightWithStyles with
            {
                WritingStyleShare = WritingStyleShare ?? Data.AugmentationSettings.LightWithStyles.WritingStyleShare,
            },
            _ => Data.AugmentationSettings.Light,
        })
        : null;
}
