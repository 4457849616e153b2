using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Recipes;

namespace MnistBlazor.Training.Tests.Recipes;

public sealed class RecipeOverridesTests
{
    private static readonly RecipeSettings Modern = RecipeDefaults.For(RecipeKind.Modern, ModelCatalog.SimpleCnn);

    [Fact]
    public void Modern_recipe_is_adamw_one_cycle_batch_128_with_augmentation_and_3_cnn_epochs()
    {
        Assert.Equal((OptimizerKind.AdamW, ScheduleKind.OneCycle, 128, 3, true), (Modern.Optimizer, Modern.Schedule, Modern.BatchSize, Modern.Epochs, Modern.Augment));
        Assert.Equal(80, RecipeDefaults.For(RecipeKind.Modern, ModelCatalog.Nn).Epochs);
    }

    [Fact]
    public void No_overrides_keep_the_recipe()
    {
        Assert.Equal(Modern, new RecipeOverrides().ApplyTo(Modern));
    }

    [Fact]
    public void Changing_the_optimizer_without_a_rate_takes_that_optimizers_usual_rate()
    {
        var adadelta = new RecipeOverrides(Optimizer: OptimizerKind.Adadelta, Schedule: ScheduleKind.Constant).ApplyTo(Modern);

        Assert.Equal(OptimizerKind.Adadelta, adadelta.Optimizer);
        Assert.Equal(1.0, adadelta.LearningRate);
        Assert.Equal(0, adadelta.WeightDecay);
    }

    [Fact]
    public void Explicit_options_win()
    {
        var custom = new RecipeOverrides(Epochs: 7, BatchSize: 32, Optimizer: OptimizerKind.Adam, LearningRate: 0.0005, Augment: false, ValidationSplit: 0.2)
            .ApplyTo(Modern);

        Assert.Equal((7, 32, OptimizerKind.Adam, 0.0005, false, 0.2), (custom.Epochs, custom.BatchSize, custom.Optimizer, custom.LearningRate, custom.Augment, custom.ValidationSplit));
        Assert.Equal(ScheduleKind.OneCycle, custom.Schedule);
    }

    [Fact]
    public void The_quick_profile_styles_half_of_the_ones_sevens_and_nines_and_the_modern_recipe_35_percent_but_half_for_the_quadrant_cnn()
    {
        foreach (var model in ModelCatalog.All)
        {
            var modern = RecipeDefaults.For(RecipeKind.Modern, model);
            var quick = QuickProfile.Apply(modern, model, MnistBlazor.Training.Precision.PrecisionPolicy.AlwaysFp32);

            Assert.Equal(model == ModelCatalog.CnnQuadrants ? 0.5 : 0.35, modern.CreateAugmentation()!.Settings.WritingStyleShare);
            Assert.Equal(0.5, quick.CreateAugmentation()!.Settings.WritingStyleShare);
            Assert.Equal(0, (quick with { Augmentation = AugmentationKind.Light }).CreateAugmentation()!.Settings.WritingStyleShare);
        }
    }

    [Fact]
    public void Training_images_limit_the_recipe_and_override_the_quick_profiles_count()
    {
        var quick = QuickProfile.Apply(Modern, ModelCatalog.SimpleCnn, MnistBlazor.Training.Precision.PrecisionPolicy.AlwaysFp32);

        Assert.Null(Modern.TrainingSubset);
        Assert.Equal(QuickProfile.MostCnnTrainingImages, new RecipeOverrides().ApplyTo(quick).TrainingSubset);
        Assert.Equal(30_000, new RecipeOverrides(TrainingImages: 30_000).ApplyTo(quick).TrainingSubset);
        Assert.Equal(5_000, new RecipeOverrides(TrainingImages: 5_000).ApplyTo(Modern).TrainingSubset);
    }
}
