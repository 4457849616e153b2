using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Loop;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Evaluation;

/// <summary>Probabilities of one trained model or the mean of several (the soft-vote ensemble).</summary>
public static class SoftVote
{
    /// <param name="startProgress">
    /// Starts the progress shown while the models run, given how many images they read in all (the images' count times
    /// the models'); it ends when the probabilities are there.
    /// </param>
    public static float[] Probabilities(
        IReadOnlyList<ModelSpec> models, string modelsDirectory, LabeledImages images, Device device, Func<long, ConsoleProgress>? startProgress = null)
    {
        using var progress = startProgress?.Invoke((long)images.Count * models.Count);
        using var input = ImageTensors.Images(images);
        var perModel = new List<float[]>();
        foreach (var spec in models)
        {
            using var model = ModelStore.LoadTrained(ModelFiles.For(modelsDirectory, spec), device);
            perModel.Add(Predictor.Probabilities(model, input, device, imagesDone: progress is null ? null : progress.Advance));
        }

        return Ensemble.Average(perModel);
    }
}
