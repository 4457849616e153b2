using MnistBlazor.Shared.Records;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>How a run ended; the trained module is owned by the caller.</summary>
public sealed record TrainingOutcome(
    RunStatus Status,
    nn.Module<Tensor, Tensor> Model,
    TrainingHistory History,
    double TrainingSeconds);
