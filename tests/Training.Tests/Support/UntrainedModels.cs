using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;

namespace MnistBlazor.Training.Tests.Support;

/// <summary>Weights of freshly initialised models saved as if trained, for commands that only need a model to run.</summary>
public static class UntrainedModels
{
    /// <summary>Saves model <paramref name="id"/>'s weights, initialised from <paramref name="seed"/>, in <paramref name="modelsDirectory"/>.</summary>
    public static void Save(string modelsDirectory, string id, long seed = 1)
    {
        TorchSharp.torch.manual_seed(seed);
        using var model = ModelFactory.Create(id);
        ModelStore.SaveWeights(model, new ModelFiles(modelsDirectory, id));
    }
}
