using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Training.Tests.Onnx;

/// <summary>Runs an exported model in ONNX Runtime, as the server will.</summary>
public static class OnnxRuntimeRunner
{
    public static float[] Probabilities(string modelPath, float[] pixels)
    {
        using var session = new InferenceSession(modelPath);
        return Probabilities(session, pixels, out _);
    }

    public static float[] Probabilities(InferenceSession session, float[] pixels, out long[] outputShape)
    {
        long count = pixels.Length / MnistGeometry.PixelCount;
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, MnistGeometry.Side, MnistGeometry.Side]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [OnnxContract.InputName], [input], [OnnxContract.OutputName]);
        outputShape = outputs[0].GetTensorTypeAndShape().Shape;
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
