using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// The wiring written as ONNX nodes: what the exporter records of a <see cref="StudyModel"/>. The values the
/// layer views show are named after <see cref="OnnxContract"/> and collected in <see cref="LayerOutputs"/>.
/// </summary>
public sealed class OnnxModelGraph(OnnxGraphBuilder builder, StudyModel model) : IModelGraph<OnnxValue>
{
    private readonly List<OnnxValue> layerOutputs = [];

    /// <summary>The block activations and derived inputs, to be declared as extra graph outputs.</summary>
    public IReadOnlyList<OnnxValue> LayerOutputs => layerOutputs;

    public OnnxValue Layers(Sequential layers, OnnxValue input) => OnnxLayerWriter.WriteBranch(builder, model, layers, input);

    public OnnxValue Blocks(BlockBranch branch, Sequential layers, OnnxValue input)
    {
        var branchName = OnnxLayerWriter.BranchName(model, layers);
        var value = input;
        foreach (var (name, layer, outputName) in BlockBranchSteps.Of(branch, layers))
        {
            value = OnnxLayerWriter.Write(builder, $"{branchName}.{name}", layer, value);
            if (outputName is not null)
            {
                Expose(outputName, value);
            }
        }

        return value;
    }

    public OnnxValue Projections(OnnxValue images)
    {
        var projections = OnnxFeatureOps.Projections(builder, images);
        Expose(OnnxContract.ProjectionsOutputName, projections);
        return projections;
    }

    public OnnxValue Quadrants(OnnxValue images)
    {
        var quadrants = OnnxFeatureOps.Quadrants(builder, images);
        Expose(OnnxContract.QuadrantsOutputName, quadrants);
        return quadrants;
    }

    public OnnxValue Concat(string name, OnnxValue first, OnnxValue second) => builder.Concat(name, 1, first, second);

    private void Expose(string outputName, OnnxValue value) => layerOutputs.Add(builder.Identity(outputName, value));
}
