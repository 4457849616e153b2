using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Progress;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>
/// Writes a model's ONNX graph (softmax inside) next to its weights, and its int8 form calibrated on the first
/// training images, so a newly trained, fine-tuned or exported model never leaves an out-of-date int8 file behind.
/// </summary>
public static class OnnxArtifact
{
    public static void Export(nn.Module<Tensor, Tensor> model, string modelId, ModelFiles files, LabeledImages? calibration, ITrainingProgress progress)
    {
        model.eval();
        OnnxExporter.Export(model, modelId, files.Onnx);
        progress.Message($"[{modelId}] ONNX -> {files.Onnx}");
        if (calibration is null || calibration.Count == 0)
        {
            progress.Message($"[{modelId}] int8 not written (no training images to calibrate on); the server serves fp32 until `quantize` runs");
            return;
        }

        var count = Math.Min(OnnxCalibration.DefaultImages, calibration.Count);
        OnnxInt8Artifact.Write(files, calibration, count);
        progress.Message($"[{modelId}] ONNX int8 (calibrated on {count} training images) -> {files.Int8Onnx}");
    }
}
