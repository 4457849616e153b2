using MnistBlazor.Training.Models;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Onnx;

/// <summary>The wiring written as ONNX nodes: what the exporter records of a <see cref="StudyModel"/>.</summary>
public sealed class OnnxModelGraph(OnnxGraphBuilder builder, StudyModel model) : IModelGraph<OnnxValue>
{
    public OnnxValue Layers(Sequential layers, OnnxValue input) => OnnxLayerWriter.WriteBranch(builder, model, layers, input);

    public OnnxValue Projections(OnnxValue images) => OnnxFeatureOps.Projections(builder, images);

    public OnnxValue Quadrants(OnnxValue images) => OnnxFeatureOps.Quadrants(builder, images);

    public OnnxValue Concat(string name, OnnxValue first, OnnxValue second) => builder.Concat(name, 1, first, second);
}
