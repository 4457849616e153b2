using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Models;

/// <summary>
/// Study model 4. CNN branch: three conv blocks (dropout 0.2 after blocks 2 and 3) -> Dense 512 relu.
/// Quadrant branch on the (4, 14, 14) volume: two Conv3D blocks of 64 (dropout 0.2) -> Flatten (64x1x3x3)
/// -> Dense 512 relu. Merge: concatenate (1024) -> Dense 256 relu. Distribution branch: Dense 128 relu
/// -> Dense 128 -> Flatten (256) -> Dense 64 -> Dropout 0.2. Head: concatenate (320) -> Dense 256 relu
/// -> Dropout 0.2 -> Dense 256 relu -> Dense 10.
/// </summary>
public sealed class CnnQuadrantsModel : StudyModel
{
    private const double DropoutRate = 0.2;
    private const long QuadrantFlattenedSize = 64 * 1 * 3 * 3;

    private readonly Sequential cnn;
    private readonly Sequential quadrants;
    private readonly Sequential merge;
    private readonly Sequential projections;
    private readonly Sequential head;

    public CnnQuadrantsModel() : this(volumesAsPlanes: false)
    {
    }

    /// <param name="volumesAsPlanes">The quadrant branch's Conv3D layers as <see cref="PlaneConv3d"/> (bf16 training's working copy).</param>
    private CnnQuadrantsModel(bool volumesAsPlanes) : base(nameof(CnnQuadrantsModel))
    {
        cnn = ConvolutionalBranch.ThreeBlocks(DropoutRate)
            .Dense("dense1", ConvolutionalBranch.FlattenedSize, 512, relu: true)
            .Build();
        quadrants = new LayerList()
            .ConvBlock3d("block1", ModelInput.Channels, 64, DropoutRate, volumesAsPlanes)
            .ConvBlock3d("block2", 64, 64, DropoutRate, volumesAsPlanes)
            .Flatten()
            .Dense("dense1", QuadrantFlattenedSize, 512, relu: true)
            .Build();
        merge = new LayerList()
            .Dense("dense1", 512 + 512, 256, relu: true)
            .Build();
        projections = ProjectionBranch.DenseLayers()
            .Dense("dense3", ProjectionBranch.FlattenedSize, 64, relu: false)
            .Dropout("dropout", DropoutRate)
            .Build();
        head = new LayerList()
            .Dense("dense1", 256 + 64, 256, relu: true)
            .Dropout("dropout", DropoutRate)
            .Dense("dense2", 256, 256, relu: true)
            .Dense("logits", 256, MnistGeometry.ClassCount, relu: false)
            .Build();
        RegisterComponents();
    }

    /// <summary>The architecture as a bf16 training step computes it (see <see cref="PlaneConv3d"/>), with the same parameters.</summary>
    public static CnnQuadrantsModel ForBf16Training() => new(volumesAsPlanes: true);

    public override TValue Logits<TValue>(IModelGraph<TValue> graph, TValue images)
    {
        var imageFeatures = graph.Blocks(BlockBranch.Image, cnn, images);
        var quadrantFeatures = graph.Blocks(BlockBranch.Quadrants, quadrants, graph.Quadrants(images));
        var merged = graph.Layers(merge, graph.Concat("merge.concat", imageFeatures, quadrantFeatures));
        var projectionFeatures = graph.Layers(projections, graph.Projections(images));
        return graph.Layers(head, graph.Concat("head.concat", merged, projectionFeatures));
    }
}
