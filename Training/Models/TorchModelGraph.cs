using MnistBlazor.Shared.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Models;

/// <summary>The wiring run on tensors: what a <see cref="StudyModel"/>'s forward pass does.</summary>
internal sealed class TorchModelGraph : IModelGraph<Tensor>
{
    public static TorchModelGraph Instance { get; } = new();

    private TorchModelGraph()
    {
    }

    public Tensor Layers(Sequential layers, Tensor input) => layers.forward(input);

    public Tensor Blocks(BlockBranch branch, Sequential layers, Tensor input) => layers.forward(input);

    public Tensor Projections(Tensor images) => FeatureOps.Projections(images);

    public Tensor Quadrants(Tensor images) => FeatureOps.Quadrants(images);

    public Tensor Concat(string name, Tensor first, Tensor second) => cat([first, second], 1);
}
