using Google.Protobuf;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Progress;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Loop;

/// <summary>
/// Writes a model's ONNX graph (softmax inside) next to its weights, with the familiarity profile of its features on
/// training images (<see cref="FamiliarityProfile"/>), and its int8 form calibrated on the first training images, so a
/// newly trained, fine-tuned or exported model never leaves an out-of-date int8 file or profile behind.
/// </summary>
public static class OnnxArtifact
{
    public static void Export(nn.Module<Tensor, Tensor> model, string modelId, ModelFiles files, LabeledImages? calibration, ITrainingProgress progress)
    {
        model.eval();
        var graph = OnnxExporter.Build(model, modelId);
        if (calibration is null || calibration.Count == 0)
        {
            AtomicFile.Write(files.Onnx, graph.WriteTo);
            progress.Message($"[{modelId}] ONNX -> {files.Onnx}");
            progress.Message($"[{modelId}] int8 not written (no training images to calibrate on); the server serves fp32 until `quantize` runs");
            return;
        }

        var images = Math.Min(OnnxFamiliarity.Images, calibration.Count);
        if (OnnxFamiliarity.FeatureOutput(graph) is not null)
        {
            progress.Message($"[{modelId}] familiarity: running {images} training images through the exported graph...");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (profile, reason) = OnnxFamiliarity.Fit(graph, calibration);
        if (profile is not null)
        {
            OnnxFamiliarity.Attach(graph, profile);
        }

        AtomicFile.Write(files.Onnx, graph.WriteTo);
        progress.Message($"[{modelId}] ONNX -> {files.Onnx}");
        progress.Message(profile is not null
            ? $"[{modelId}] familiarity: '{profile.FeatureOutput}' features of {images} training images in {watch.Elapsed.TotalSeconds:F0} s "
              + $"({images / watch.Elapsed.TotalSeconds:F0} images/s), threshold {profile.Threshold:F2} ({FamiliarityProfile.ThresholdQuantile:P1} of held-out ones within it)"
            : $"[{modelId}] no familiarity profile: {reason}");

        var count = Math.Min(OnnxCalibration.DefaultImages, calibration.Count);
        OnnxInt8Artifact.Write(files, calibration, count);
        progress.Message($"[{modelId}] ONNX int8 (calibrated on {count} training images) -> {files.Int8Onnx}");
    }
}
