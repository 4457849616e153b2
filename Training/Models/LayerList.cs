using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>
/// Builds the named layer sequences of the study's Keras models. The sequences are the one definition
/// of each branch: the forward pass runs them and the ONNX exporter walks their named children.
/// </summary>
internal sealed class LayerList
{
    /// <summary>Keras BatchNormalization default epsilon.</summary>
    public const double BatchNormEpsilon = 1e-3;

    /// <summary>Keras momentum 0.99 weighs the old running statistic; TorchSharp's momentum weighs the new batch.</summary>
    public const double BatchNormMomentum = 0.01;

    private const int KernelSize = 3;
    private const int SamePadding = KernelSize / 2;
    private const int PoolSize = 2;

    private readonly List<(string Name, Module<Tensor, Tensor> Layer)> layers = [];

    public LayerList Add(string name, Module<Tensor, Tensor> layer)
    {
        layers.Add((name, layer));
        return this;
    }

    /// <summary>Keras Dense: a linear layer on the last axis, optionally followed by ReLU.</summary>
    public LayerList Dense(string name, long inputs, long outputs, bool relu)
    {
        Add(name, Linear(inputs, outputs));
        return relu ? Add($"{name}_relu", ReLU()) : this;
    }

    /// <summary>Flattens all but the batch axis in PyTorch order (C,H,W); Keras's (H,W,C) is a fixed permutation of the same values.</summary>
    public LayerList Flatten() => Add("flatten", nn.Flatten());

    public LayerList Dropout(string name, double rate) => Add(name, nn.Dropout(rate));

    /// <summary>[Conv 3x3 same + ReLU] x2 -> MaxPool 2x2 -> BatchNorm (-> Dropout).</summary>
    public LayerList ConvBlock2d(string name, long inputChannels, long channels, double dropout = 0) =>
        Add(name, Block(
            Conv2d(inputChannels, channels, KernelSize, padding: SamePadding),
            Conv2d(channels, channels, KernelSize, padding: SamePadding),
            MaxPool2d(PoolSize),
            BatchNorm2d(channels, eps: BatchNormEpsilon, momentum: BatchNormMomentum),
            dropout));

    /// <summary>
    /// [Conv3D 3x3x3 same + ReLU] x2 -> MaxPool3D 2x2x2 -> BatchNorm (-> Dropout); with <paramref name="asPlanes"/>, each
    /// Conv3D is a <see cref="PlaneConv3d"/> (the bf16 working copy's).
    /// </summary>
    public LayerList ConvBlock3d(string name, long inputChannels, long channels, double dropout = 0, bool asPlanes = false) =>
        Add(name, Block(
            Conv3dLayer(inputChannels, channels, asPlanes),
            Conv3dLayer(channels, channels, asPlanes),
            MaxPool3d(PoolSize),
            BatchNorm3d(channels, eps: BatchNormEpsilon, momentum: BatchNormMomentum),
            dropout));

    public Sequential Build() => Sequential(layers);

    private static Module<Tensor, Tensor> Conv3dLayer(long inputChannels, long channels, bool asPlanes) => asPlanes
        ? new PlaneConv3d(inputChannels, channels, KernelSize)
        : Conv3d(inputChannels, channels, KernelSize, padding: SamePadding);

    private static Sequential Block(
        Module<Tensor, Tensor> firstConv,
        Module<Tensor, Tensor> secondConv,
        Module<Tensor, Tensor> pool,
        Module<Tensor, Tensor> norm,
        double dropout)
    {
        var block = new LayerList()
            .Add("conv1", firstConv).Add("relu1", ReLU())
            .Add("conv2", secondConv).Add("relu2", ReLU())
            .Add("pool", pool)
            .Add("norm", norm);
        return (dropout > 0 ? block.Dropout("dropout", dropout) : block).Build();
    }
}
