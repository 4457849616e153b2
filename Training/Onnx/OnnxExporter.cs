using Google.Protobuf;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using Onnx;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// Exports the study's architectures to ONNX (TorchSharp has no exporter): input <c>image</c> float
/// [N,1,28,28], output <c>probabilities</c> [N,10] with the softmax inside, in inference form.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "image";
    public const string OutputName = "probabilities";
    public const string BatchDimension = "N";
    public const long OpsetVersion = 13;

    /// <summary>IR version 7 is the one that goes with opset 13.</summary>
    public const long IrVersion = 7;

    public const string ProducerName = "MnistBlazor.Training";

    /// <summary>Writes the ONNX file of <paramref name="module"/> atomically.</summary>
    public static void Export(Module<Tensor, Tensor> module, string modelId, string path)
    {
        var model = Build(module, modelId);
        AtomicFile.Write(path, model.WriteTo);
    }

    public static ModelProto Build(Module<Tensor, Tensor> module, string modelId)
    {
        var spec = ModelCatalog.Get(modelId);
        var moduleId = ModelFactory.IdOf(module);
        if (moduleId != spec.Id)
        {
            throw new ArgumentException($"The module is the '{moduleId}' architecture, not '{spec.Id}'.", nameof(modelId));
        }

        var builder = new OnnxGraphBuilder(spec.Id);
        using (no_grad())
        {
            var image = builder.Input(InputName, [null, ModelInput.Channels, MnistGeometry.Side, MnistGeometry.Side], BatchDimension);
            var logits = module switch
            {
                NnModel nn => OnnxLayerWriter.WriteBranch(builder, nn, nn.Layers, image),
                SimpleCnnModel cnn => OnnxLayerWriter.WriteBranch(builder, cnn, cnn.Layers, image),
                CnnProjectionsModel projections => CnnProjectionsLogits(builder, projections, image),
                CnnQuadrantsModel quadrants => CnnQuadrantsLogits(builder, quadrants, image),
                _ => throw new ArgumentException($"{module.GetType().Name} has no ONNX export.", nameof(module)),
            };
            var probabilities = builder.Softmax(OutputName, logits, axis: 1);
            builder.Output(probabilities, [null, MnistGeometry.ClassCount], BatchDimension);
        }

        var model = builder.ToModel(
            $"{spec.DisplayName}: {spec.Summary}. Input '{InputName}' [N,1,28,28] 0..1, output '{OutputName}' [N,10].");
        model.MetadataProps.Add(new StringStringEntryProto { Key = "model_id", Value = spec.Id });
        return model;
    }

    private static OnnxValue CnnProjectionsLogits(OnnxGraphBuilder builder, CnnProjectionsModel model, OnnxValue image)
    {
        var imageFeatures = OnnxLayerWriter.WriteBranch(builder, model, model.Cnn, image);
        var projectionFeatures = OnnxLayerWriter.WriteBranch(builder, model, model.Projections, OnnxFeatureOps.Projections(builder, image));
        var merged = builder.Concat("head.concat", 1, imageFeatures, projectionFeatures);
        return OnnxLayerWriter.WriteBranch(builder, model, model.Head, merged);
    }

    private static OnnxValue CnnQuadrantsLogits(OnnxGraphBuilder builder, CnnQuadrantsModel model, OnnxValue image)
    {
        var imageFeatures = OnnxLayerWriter.WriteBranch(builder, model, model.Cnn, image);
        var quadrantFeatures = OnnxLayerWriter.WriteBranch(builder, model, model.Quadrants, OnnxFeatureOps.Quadrants(builder, image));
        var imageAndQuadrants = builder.Concat("merge.concat", 1, imageFeatures, quadrantFeatures);
        var merged = OnnxLayerWriter.WriteBranch(builder, model, model.Merge, imageAndQuadrants);
        var projectionFeatures = OnnxLayerWriter.WriteBranch(builder, model, model.Projections, OnnxFeatureOps.Projections(builder, image));
        var headInput = builder.Concat("head.concat", 1, merged, projectionFeatures);
        return OnnxLayerWriter.WriteBranch(builder, model, model.Head, headInput);
    }
}
