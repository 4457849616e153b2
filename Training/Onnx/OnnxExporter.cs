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
/// Exports the study's architectures to ONNX (TorchSharp has no exporter) in inference form, with the
/// interface of <see cref="OnnxContract"/>: input float [N,1,28,28], output [N,10] with the softmax inside,
/// and for convolutional models the extra layer-view outputs (block activations, derived inputs).
/// </summary>
public static class OnnxExporter
{
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

        var architecture = (StudyModel)module;
        var builder = new OnnxGraphBuilder(spec.Id);
        using (no_grad())
        {
            var image = builder.Input(
                OnnxContract.InputName, [null, ModelInput.Channels, MnistGeometry.Side, MnistGeometry.Side], OnnxContract.BatchDimension);
            var graph = new OnnxModelGraph(builder, architecture);
            var logits = architecture.Logits(graph, image);
            var probabilities = builder.Softmax(OnnxContract.OutputName, logits, axis: 1);
            builder.Output(probabilities, [null, MnistGeometry.ClassCount], OnnxContract.BatchDimension);
            foreach (var layerOutput in graph.LayerOutputs)
            {
                builder.OutputOfRank(layerOutput, OnnxContract.BatchDimension);
            }
        }

        var model = builder.ToModel(
            $"{spec.DisplayName}: {spec.Summary}. Input '{OnnxContract.InputName}' [N,1,28,28] 0..1, output '{OnnxContract.OutputName}' [N,10].");
        model.MetadataProps.Add(new StringStringEntryProto { Key = "model_id", Value = spec.Id });
        return model;
    }
}
