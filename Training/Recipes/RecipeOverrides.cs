namespace MnistBlazor.Training.Recipes;

/// <summary>Settings given on the command line; each one left null keeps the recipe's value.</summary>
public sealed record RecipeOverrides(
    int? Epochs = null,
    int? BatchSize = null,
    OptimizerKind? Optimizer = null,
    double? LearningRate = null,
    ScheduleKind? Schedule = null,
    bool? Augment = null,
    double? ValidationSplit = null,
    AugmentationKind? Augmentation = null,
    int? TrainingImages = null)
{
    /// <summary>
    /// The recipe for one model: the recipe's defaults, then the quick profile, then explicit options.
    /// Changing the optimizer without --lr takes that optimizer's usual rate.
    /// </summary>
    public RecipeSettings ApplyTo(RecipeSettings recipe)
    {
        var optimizerChanged = Optimizer is { } optimizer && optimizer != recipe.Optimizer;
        var schedule = Schedule ?? recipe.Schedule;
        var learningRate = LearningRate
            ?? (optimizerChanged ? UsualLearningRate(Optimizer!.Value, schedule) : recipe.LearningRate);
        return recipe with
        {
            Epochs = Epochs ?? recipe.Epochs,
            BatchSize = BatchSize ?? recipe.BatchSize,
            Optimizer = Optimizer ?? recipe.Optimizer,
            LearningRate = learningRate,
            WeightDecay = (Optimizer ?? recipe.Optimizer) == OptimizerKind.AdamW ? Math.Max(recipe.WeightDecay, RecipeDefaults.ModernWeightDecay) : 0,
            Schedule = schedule,
            Augment = Augment ?? (Augmentation is not null || recipe.Augment),
            Augmentation = Augmentation ?? recipe.Augmentation,
            ValidationSplit = ValidationSplit ?? recipe.ValidationSplit,
            TrainingSubset = TrainingImages ?? recipe.TrainingSubset,
        };
    }

    /// <summary>PyTorch's Adadelta rate (1.0), or Adam's 1e-3 (its one-cycle peak: the modern recipe's 2e-3).</summary>
    public static double UsualLearningRate(OptimizerKind optimizer, ScheduleKind schedule) => optimizer switch
    {
        OptimizerKind.Adadelta => 1.0,
        _ => schedule == ScheduleKind.OneCycle ? RecipeDefaults.ModernPeakLearningRate : 1e-3,
    };
}
