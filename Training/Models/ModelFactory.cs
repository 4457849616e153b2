using MnistBlazor.Shared.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>Creates the TorchSharp module of each catalogue model (<see cref="ModelCatalog"/>).</summary>
public static class ModelFactory
{
    private static readonly IReadOnlyList<(ModelSpec Spec, Type Type, Func<Module<Tensor, Tensor>> Create)> Architectures =
    [
        (ModelCatalog.Nn, typeof(NnModel), () => new NnModel()),
        (ModelCatalog.SimpleCnn, typeof(SimpleCnnModel), () => new SimpleCnnModel()),
        (ModelCatalog.CnnProjections, typeof(CnnProjectionsModel), () => new CnnProjectionsModel()),
        (ModelCatalog.CnnQuadrants, typeof(CnnQuadrantsModel), () => new CnnQuadrantsModel()),
    ];

    /// <summary>A new module with freshly initialised weights, in training mode, on the CPU.</summary>
    public static Module<Tensor, Tensor> Create(string modelId)
    {
        var spec = ModelCatalog.Get(modelId);
        return Architectures.FirstOrDefault(a => a.Spec == spec).Create?.Invoke()
            ?? throw new ArgumentException($"Model '{spec.Id}' is in the catalogue but has no architecture here.", nameof(modelId));
    }

    /// <summary>The catalogue id of a module this factory creates.</summary>
    public static string IdOf(Module<Tensor, Tensor> module) =>
        Architectures.FirstOrDefault(a => a.Type == module.GetType()).Spec?.Id
            ?? throw new ArgumentException($"{module.GetType().Name} is not one of the study's architectures.", nameof(module));

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
