using MnistBlazor.Training.Recipes;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Optimization;

public static class OptimizerFactory
{
    /// <summary>Keras' Adadelta defaults (rho 0.95, epsilon 1e-7), which the study used.</summary>
    public const double KerasAdadeltaRho = 0.95;
    public const double KerasEpsilon = 1e-7;

    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double weightDecay) => kind switch
    {
        OptimizerKind.Adadelta => optim.Adadelta(parameters, learningRate, rho: KerasAdadeltaRho, eps: KerasEpsilon, weight_decay: weightDecay),
        OptimizerKind.Adam => optim.Adam(parameters, learningRate, weight_decay: weightDecay),
        OptimizerKind.AdamW => optim.AdamW(parameters, learningRate, weight_decay: weightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };
}
