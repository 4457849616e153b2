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
        var probabilities = Outputs(session, pixels, [OnnxContract.OutputName])[OnnxContract.OutputName];
        outputShape = probabilities.Shape;
        return probabilities.Values;
    }

    /// <summary>The named outputs' shapes and values for a batch of 784-pixel images.</summary>
    public static Dictionary<string, (long[] Shape, float[] Values)> Outputs(InferenceSession session, float[] pixels, IReadOnlyList<string> names)
    {
        long count = pixels.Length / MnistGeometry.PixelCount;
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, MnistGeometry.Side, MnistGeometry.Side]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, [OnnxContract.InputName], [input], names);
        return names.Select((name, i) => (name, outputs[i]))
            .ToDictionary(o => o.name, o => (o.Item2.GetTensorTypeAndShape().Shape, o.Item2.GetTensorDataAsSpan<float>().ToArray()));
    }
}
