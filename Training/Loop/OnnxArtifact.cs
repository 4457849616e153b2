using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Progress;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>Writes a model's ONNX graph next to its weights.</summary>
public static class OnnxArtifact
{
    public static void Export(nn.Module<Tensor, Tensor> model, string modelId, ModelFiles files, ITrainingProgress progress)
    {
        progress.Message($"[{modelId}] ONNX export is not available in this build yet; {files.Onnx} not written.");
    }
}
