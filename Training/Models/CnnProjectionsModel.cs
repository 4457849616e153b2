using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Models;

/// <summary>
/// Study model 3. CNN branch: three conv blocks (64, 128, 512; dropout 0.1 after blocks 2 and 3)
/// -> Dense 512 relu -> Dense 256 relu. Distribution branch on the (2, 28) projections:
/// Dense 128 relu -> Dense 128 -> Flatten (256) -> Dropout 0.1.
/// Head: concatenate (512) -> Dense 256 relu -> Dense 128 relu -> Dense 10.
/// </summary>
public sealed class CnnProjectionsModel : StudyModel
{
    private const double DropoutRate = 0.1;

    private readonly Sequential cnn;
    private readonly Sequential projections;
    private readonly Sequential head;

    public CnnProjectionsModel() : base(nameof(CnnProjectionsModel))
    {
        cnn = ConvolutionalBranch.ThreeBlocks(DropoutRate)
            .Dense("dense1", ConvolutionalBranch.FlattenedSize, 512, relu: true)
            .Dense("dense2", 512, 256, relu: true)
            .Build();
        projections = ProjectionBranch.DenseLayers()
            .Dropout("dropout", DropoutRate)
            .Build();
        head = new LayerList()
            .Dense("dense1", 256 + ProjectionBranch.FlattenedSize, 256, relu: true)
            .Dense("dense2", 256, 128, relu: true)
            .Dense("logits", 128, MnistGeometry.ClassCount, relu: false)
            .Build();
        RegisterComponents();
    }

    public override TValue Logits<TValue>(IModelGraph<TValue> graph, TValue images)
    {
        var imageFeatures = graph.Blocks(BlockBranch.Image, cnn, images);
        var projectionFeatures = graph.Layers(projections, graph.Projections(images));
        return graph.Layers(head, graph.Concat("head.concat", imageFeatures, projectionFeatures));
    }
}
