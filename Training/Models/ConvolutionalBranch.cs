using TorchSharp.Modules;

namespace MnistBlazor.Training.Models;

/// <summary>The three-block image branch shared by study models 3 and 4 (they differ in dropout and dense layers).</summary>
internal static class ConvolutionalBranch
{
    /// <summary>Channels x height x width after the third block: 512 x 3 x 3.</summary>
    public const long FlattenedSize = 512 * 3 * 3;

    public static LayerList ThreeBlocks(double dropout) =>
        new LayerList()
            .ConvBlock2d("block1", ModelInput.Channels, 64)
            .ConvBlock2d("block2", 64, 128, dropout)
            .ConvBlock2d("block3", 128, 512, dropout)
            .Flatten();
}

/// <summary>The distribution branch on the (2, 28) projections: Dense acts on the last axis.</summary>
internal static class ProjectionBranch
{
    public const long FlattenedSize = 2 * 128;

    public static LayerList DenseLayers() =>
        new LayerList()
            .Dense("dense1", MnistBlazor.Shared.Features.ImageFeatures.ProjectionLength, 128, relu: true)
            .Dense("dense2", 128, 128, relu: false)
            .Flatten();
}
