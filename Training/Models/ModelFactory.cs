using MnistBlazor.Shared.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>Creates the TorchSharp module of each catalogue model (<see cref="ModelCatalog"/>).</summary>
public static class ModelFactory
{
    /// <summary>A new module with freshly initialised weights, in training mode, on the CPU.</summary>
    public static Module<Tensor, Tensor> Create(string modelId) =>
        ModelCatalog.Get(modelId).Id switch
        {
            "nn" => new NnModel(),
            "simple-cnn" => new SimpleCnnModel(),
            "cnn-proj" => new CnnProjectionsModel(),
            "cnn-quad" => new CnnQuadrantsModel(),
            var id => throw new ArgumentException($"Model '{id}' is in the catalogue but has no architecture here.", nameof(modelId)),
        };

    /// <summary>The catalogue id of a module this factory creates.</summary>
    public static string IdOf(Module<Tensor, Tensor> module) =>
        module switch
        {
            NnModel => ModelCatalog.Nn.Id,
            SimpleCnnModel => ModelCatalog.SimpleCnn.Id,
            CnnProjectionsModel => ModelCatalog.CnnProjections.Id,
            CnnQuadrantsModel => ModelCatalog.CnnQuadrants.Id,
            _ => throw new ArgumentException($"{module.GetType().Name} is not one of the study's architectures.", nameof(module)),
        };

    /// <summary>Trainable parameters (weights and biases; BatchNorm running statistics are buffers, not counted).</summary>
    public static long ParameterCount(Module<Tensor, Tensor> module) =>
        module.parameters().Sum(parameter => parameter.numel());

    /// <summary>Trainable parameters of a freshly created model of this id.</summary>
    public static long ParameterCount(string modelId)
    {
        using var module = Create(modelId);
        return ParameterCount(module);
    }
}
