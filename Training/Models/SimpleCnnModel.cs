using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Models;

/// <summary>
/// Study model 2: [Conv 64, Conv 64, MaxPool, BatchNorm] -> [Conv 128, Conv 128, MaxPool, BatchNorm]
/// -> Flatten (128x7x7) -> Dense 512 relu -> Dense 128 relu -> Dense 10.
/// </summary>
public sealed class SimpleCnnModel : StudyModel
{
    private readonly Sequential layers;

    public SimpleCnnModel() : base(nameof(SimpleCnnModel))
    {
        layers = new LayerList()
            .ConvBlock2d("block1", ModelInput.Channels, 64)
            .ConvBlock2d("block2", 64, 128)
            .Flatten()
            .Dense("dense1", 128 * 7 * 7, 512, relu: true)
            .Dense("dense2", 512, 128, relu: true)
            .Dense("logits", 128, MnistGeometry.ClassCount, relu: false)
            .Build();
        RegisterComponents();
    }

    public override TValue Logits<TValue>(IModelGraph<TValue> graph, TValue images) => graph.Blocks(BlockBranch.Image, layers, images);
}
