using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>One model's training run: what to train, on what, how, and where its files go.</summary>
public sealed record TrainingJob(
    ModelSpec Model,
    RecipeSettings Recipe,
    int Seed,
    TrainingSplit Data,
    ModelFiles Files,
    Device Device,
    bool Resume)
{
    /// <summary>Seconds between history rewrites while an epoch runs (a watcher sees live progress).</summary>
    public double ProgressWriteIntervalSeconds { get; init; } = 2;

    /// <summary>Weights to start from instead of a fresh initialisation (fine-tuning a trained model).</summary>
    public string? InitialWeights { get; init; }

    /// <summary>The card of the version a fine-tune starts from, recorded in the new version's card.</summary>
    public ModelCard? FineTunedFrom { get; init; }

    /// <summary>
    /// After this epoch, when the run has more, the model so far is published (see <see cref="Trainer"/>'s preview
    /// callback) so the web app can answer with it while training goes on; null publishes only at the end.
    /// </summary>
    public int? PreviewAfterEpoch { get; init; }

    /// <summary>Arithmetic of the forward and backward passes; the weights stay float32 (see <see cref="TrainingPass"/>).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Fp32;
}
