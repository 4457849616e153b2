using MnistBlazor.Shared.Imaging;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>Study model 1: Flatten(28x28) -> Dense 280 relu -> Dense 28 relu -> Dense 10.</summary>
public sealed class NnModel : Module<Tensor, Tensor>
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

    internal Sequential Layers => layers;

    public override Tensor forward(Tensor images)
    {
        ModelInput.Require(images);
        return layers.forward(images);
    }
}
