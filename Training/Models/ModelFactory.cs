using MnistBlazor.Shared.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>Creates the TorchSharp module of each catalogue model (<see cref="ModelCatalog"/>).</summary>
public static class ModelFactory
{
    /// <summary>Which class implements each catalogue model: the one place an architecture is registered.</summary>
    private static readonly IReadOnlyList<Registration> Architectures =
    [
        Architecture<NnModel>(ModelCatalog.Nn),
        Architecture<SimpleCnnModel>(ModelCatalog.SimpleCnn),
        Architecture<CnnProjectionsModel>(ModelCatalog.CnnProjections),
        Architecture<CnnQuadrantsModel>(ModelCatalog.CnnQuadrants, CnnQuadrantsModel.ForBf16Training),
    ];

    /// <summary>A new module with freshly initialised weights, in training mode, on the CPU.</summary>
    public static StudyModel Create(string modelId) => ArchitectureOf(modelId).Create();

    /// <summary>
    /// The module a bf16 training step runs: the same parameters and buffers (names and shapes) as <see cref="Create"/>'s,
    /// with any layer libtorch gets wrong in bf16 computed another way.
    /// </summary>
    public static StudyModel CreateForBf16(string modelId) => ArchitectureOf(modelId).CreateForBf16();

    /// <summary>The catalogue id of a module this factory creates.</summary>
    public static string IdOf(Module<Tensor, Tensor> module) =>
        Architectures.FirstOrDefault(a => a.Type == module.GetType())?.Spec.Id
            ?? throw new ArgumentException($"{module.GetType().Name} is not one of the study's architectures.", nameof(module));

    private static Registration ArchitectureOf(string modelId)
    {
        var spec = ModelCatalog.Get(modelId);
        return Architectures.FirstOrDefault(a => a.Spec == spec)
            ?? throw new ArgumentException($"Model '{spec.Id}' is in the catalogue but has no architecture here.", nameof(modelId));
    }

    private static Registration Architecture<TModel>(ModelSpec spec, Func<StudyModel>? createForBf16 = null)
        where TModel : StudyModel, new() =>
        new(spec, typeof(TModel), () => new TModel(), createForBf16 ?? (() => new TModel()));

    private sealed record Registration(ModelSpec Spec, Type Type, Func<StudyModel> Create, Func<StudyModel> CreateForBf16);

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
