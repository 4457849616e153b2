using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Support;

public static class Jobs
{
    /// <summary>A small NN run: AdamW at a constant rate (one-cycle when asked), no validation unless given.</summary>
    public static TrainingJob Nn(
        LabeledImages training, string modelsDirectory, int epochs, int batchSize = 32, bool resume = false,
        ScheduleKind schedule = ScheduleKind.Constant, bool augment = false, LabeledImages? validation = null,
        TrainingPrecision precision = TrainingPrecision.Fp32) =>
        new(
            ModelCatalog.Nn,
            new RecipeSettings("test", OptimizerKind.AdamW, 2e-3, 0.01, schedule, batchSize, epochs, augment, ValidationSplit: 0),
            Seed: 7,
            new TrainingSplit(training, validation),
            ModelFiles.For(modelsDirectory, ModelCatalog.Nn),
            CPU,
            resume)
        {
            Precision = precision,
        };
}
