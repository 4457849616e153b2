using MnistBlazor.Shared.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Models;

/// <summary>
/// The forward-pass wiring, step by step, keeping the values the layer views show under their ONNX output
/// names: what the exported extra outputs are checked against. The ordinary forward pass does not use it.
/// The recorded tensors belong to the caller's dispose scope.
/// </summary>
public sealed class ActivationRecorder : IModelGraph<Tensor>
{
    private readonly Dictionary<string, Tensor> recorded = [];

    public IReadOnlyDictionary<string, Tensor> Recorded => recorded;

    public Tensor Layers(Sequential layers, Tensor input) => TorchModelGraph.Instance.Layers(layers, input);

    public Tensor Blocks(BlockBranch branch, Sequential layers, Tensor input)
    {
        var value = input;
        foreach (var (_, layer, outputName) in BlockBranchSteps.Of(branch, layers))
        {
            value = layer.forward(value);
            if (outputName is not null)
            {
                recorded.Add(outputName, value);
            }
        }

        return value;
    }

    public Tensor Projections(Tensor images) => Record(OnnxContract.ProjectionsOutputName, TorchModelGraph.Instance.Projections(images));

    public Tensor Quadrants(Tensor images) => Record(OnnxContract.QuadrantsOutputName, TorchModelGraph.Instance.Quadrants(images));

    public Tensor Concat(string name, Tensor first, Tensor second) => TorchModelGraph.Instance.Concat(name, first, second);

    private Tensor Record(string name, Tensor value)
    {
        recorded.Add(name, value);
        return value;
    }
}
