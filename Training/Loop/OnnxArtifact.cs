using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Progress;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>Writes a model's ONNX graph (softmax inside) next to its weights.</summary>
public static class OnnxArtifact
{
    public static void Export(nn.Module<Tensor, Tensor> model, string modelId, ModelFiles files, ITrainingProgress progress)
    {
        model.eval();
        OnnxExporter.Export(model, modelId, files.Onnx);
        progress.Message($"[{modelId}] ONNX -> {files.Onnx}");
    }
}
