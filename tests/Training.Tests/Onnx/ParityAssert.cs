using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
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

    /// <summary>
    /// Asserts that the exported layer-view outputs are exactly those the wiring records and that each equals
    /// its TorchSharp value in shape and within <see cref="Tolerance"/>; returns the max absolute difference.
    /// </summary>
    public static double LayerOutputsMatchTorch(Module<Tensor, Tensor> model, string modelId, string onnxPath, float[] pixels)
    {
        using var scope = NewDisposeScope();
        model.eval();
        using var _ = no_grad();
        var recorder = new ActivationRecorder();
        ((StudyModel)model).Logits(recorder, TestImages.AsBatch(pixels));

        using var session = new InferenceSession(onnxPath);
        var layerOutputNames = session.OutputMetadata.Keys.Where(name => name != OnnxContract.OutputName).Order().ToArray();
        Assert.Equal(recorder.Recorded.Keys.Order().ToArray(), layerOutputNames);

        var maxDifference = 0.0;
        if (layerOutputNames.Length == 0)
        {
            return maxDifference;
        }

        var actual = OnnxRuntimeRunner.Outputs(session, pixels, layerOutputNames);
        foreach (var name in layerOutputNames)
        {
            var expected = recorder.Recorded[name];
            Assert.Equal(expected.shape, actual[name].Shape);
            var difference = expected.data<float>().ToArray().Zip(actual[name].Values, (e, a) => Math.Abs((double)e - a)).Max();
            Assert.True(difference <= Tolerance, $"{modelId} '{name}': max |torch - onnx| = {difference:E2} > {Tolerance:E0}.");
            maxDifference = Math.Max(maxDifference, difference);
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

    public static int ArgMax(ReadOnlySpan<float> values)
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
