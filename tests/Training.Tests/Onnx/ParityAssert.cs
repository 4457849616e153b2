using MnistBlazor.Shared.Imaging;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Tests.Onnx;

/// <summary>TorchSharp eval-mode softmax against ONNX Runtime on the exported graph.</summary>
public static class ParityAssert
{
    public const double Tolerance = 1e-4;

    /// <summary>Exports, runs both and asserts parity; returns the max absolute probability difference.</summary>
    public static double OnnxMatchesTorch(Module<Tensor, Tensor> model, string modelId, string onnxPath, float[] pixels)
    {
        OnnxExporter.Export(model, modelId, onnxPath);
        var expected = TorchProbabilities(model, pixels);
        var actual = OnnxRuntimeRunner.Probabilities(onnxPath, pixels);

        Assert.Equal(expected.Length, actual.Length);
        var maxDifference = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(maxDifference <= Tolerance, $"{modelId}: max |torch - onnx| = {maxDifference:E2} > {Tolerance:E0}.");

        var count = expected.Length / MnistGeometry.ClassCount;
        for (var i = 0; i < count; i++)
        {
            var expectedClass = ArgMax(expected.AsSpan(i * MnistGeometry.ClassCount, MnistGeometry.ClassCount));
            var actualClass = ArgMax(actual.AsSpan(i * MnistGeometry.ClassCount, MnistGeometry.ClassCount));
            Assert.True(expectedClass == actualClass, $"{modelId}: image {i} is class {expectedClass} in TorchSharp, {actualClass} in ONNX.");
        }

        return maxDifference;
    }

    public static float[] TorchProbabilities(Module<Tensor, Tensor> model, float[] pixels)
    {
        using var scope = NewDisposeScope();
        model.eval();
        using var _ = no_grad();
        var probabilities = functional.softmax(model.forward(TestImages.AsBatch(pixels)), 1);
        return probabilities.data<float>().ToArray();
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
