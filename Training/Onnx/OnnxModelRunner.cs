using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using Onnx;
using Google.Protobuf;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// Runs an ONNX graph in ONNX Runtime at its full optimization level, as the server does (so a QDQ graph runs
/// its fused int8 kernels): probabilities for measuring a model file, named values for calibration.
/// </summary>
public sealed class OnnxModelRunner : IDisposable
{
    public const int BatchSize = 250;

    private readonly InferenceSession session;

    public OnnxModelRunner(ModelProto model)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        session = new InferenceSession(model.ToByteArray(), options);
    }

    /// <summary>
    /// Ten probabilities per image for the first <paramref name="count"/> images (all by default);
    /// <paramref name="imagesDone"/> hears of each batch's images.
    /// </summary>
    public float[] Probabilities(LabeledImages images, int? count = null, Action<long>? imagesDone = null)
    {
        var total = count ?? images.Count;
        var probabilities = new float[total * MnistGeometry.ClassCount];
        ForEachBatch(images, total, [OnnxContract.OutputName], (start, outputs) =>
        {
            var read = outputs[0].GetTensorDataAsSpan<float>();
            read.CopyTo(probabilities.AsSpan(start * MnistGeometry.ClassCount));
            imagesDone?.Invoke(read.Length / MnistGeometry.ClassCount);
        });
        return probabilities;
    }

    /// <summary>
    /// Runs the first <paramref name="count"/> images in batches, handing each batch's first image index and named
    /// outputs to <paramref name="read"/>; the outputs are valid only during the call.
    /// </summary>
    public void ForEachBatch(LabeledImages images, int count, IReadOnlyList<string> outputNames, Action<int, IReadOnlyList<OrtValue>> read)
    {
        if (count < 0 || count > images.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"The set has {images.Count} images.");
        }

        var inputNames = new[] { OnnxContract.InputName };
        for (var start = 0; start < count; start += BatchSize)
        {
            var batch = Math.Min(BatchSize, count - start);
            var pixels = new float[batch * MnistGeometry.PixelCount];
            for (var i = 0; i < batch; i++)
            {
                images.CopyImageAsFloats(start + i, pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount));
            }

            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [batch, 1, MnistGeometry.Side, MnistGeometry.Side]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
            read(start, outputs);
        }
    }

    public void Dispose() => session.Dispose();
}
