using MnistBlazor.Shared.Imaging;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Models;

/// <summary>Study model 1: Flatten(28x28) -> Dense 280 relu -> Dense 28 relu -> Dense 10.</summary>
public sealed class NnModel : StudyModel
{
    private readonly Sequential layers;

    public NnModel() : base(nameof(NnModel))
    {
        layers = new LayerList()
            .Flatten()
            .Dense("dense1", MnistGeometry.PixelCount, 280, relu: true)
            .Dense("dense2", 280, 28, relu: true)
            .Dense("logits", 28, MnistGeometry.ClassCount, relu: false)
            .Build();
        RegisterComponents();
    }

    public override TValue Logits<TValue>(IModelGraph<TValue> graph, TValue images) => graph.Layers(layers, images);
}
