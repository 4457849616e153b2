using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Loop;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Evaluation;

/// <summary>Probabilities of one trained model or the mean of several (the soft-vote ensemble).</summary>
public static class SoftVote
{
    public static float[] Probabilities(IReadOnlyList<ModelSpec> models, string modelsDirectory, LabeledImages images, Device device)
    {
        using var input = ImageTensors.Images(images);
        var perModel = new List<float[]>();
        foreach (var spec in models)
        {
            using var model = ModelStore.LoadTrained(ModelFiles.For(modelsDirectory, spec), device);
            perModel.Add(Predictor.Probabilities(model, input, device));
        }

        return Ensemble.Average(perModel);
    }
}
