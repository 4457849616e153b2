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
    /// the models that run); it ends when the probabilities are there.
    /// </param>
    /// <param name="computed">
    /// Each model's probabilities on these same images, by model id, shared between calls: a model found there does not
    /// run again (the ensemble after its members, or the members after the ensemble), and each model that runs is added.
    /// </param>
    public static float[] Probabilities(
        IReadOnlyList<ModelSpec> models, string modelsDirectory, LabeledImages images, Device device,
        Func<long, ConsoleProgress>? startProgress = null, IDictionary<string, float[]>? computed = null)
    {
        computed ??= new Dictionary<string, float[]>(StringComparer.Ordinal);
        var toRun = models.Where(spec => !computed.ContainsKey(spec.Id)).ToArray();
        if (toRun.Length > 0)
        {
            using var progress = startProgress?.Invoke((long)images.Count * toRun.Length);
            using var input = ImageTensors.Images(images);
            foreach (var spec in toRun)
            {
                using var model = ModelStore.LoadTrained(ModelFiles.For(modelsDirectory, spec), device);
                computed[spec.Id] = Predictor.Probabilities(model, input, device, imagesDone: progress is null ? null : progress.Advance);
            }
        }

        return Ensemble.Average(models.Select(spec => computed[spec.Id]).ToArray());
    }
}
