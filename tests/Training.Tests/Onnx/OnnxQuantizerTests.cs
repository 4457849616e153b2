using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Tests.Support;
using Onnx;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Tests.Onnx;

/// <summary>The int8 QDQ form of each architecture: what it contains, what ONNX Runtime makes of it, and how close it stays to TorchSharp.</summary>
public sealed class OnnxQuantizerTests(ITestOutputHelper output) : IDisposable
{
    private const int CalibrationImages = 200;
    private const int ComparedImages = 100;
    private const int ComparedStart = 5000;
    private const int SettlingImages = 512;

    /// <summary>The largest int8 weight magnitude in 7 bits.</summary>
    private const int SevenBitLimit = 63;

    /// <summary>Predicted digits may differ from TorchSharp's on at most this many of <see cref="ComparedImages"/> images.</summary>
    private const int AllowedDisagreements = 2;

    /// <summary>Largest allowed |TorchSharp - int8| difference of any probability.</summary>
    private const double ProbabilityTolerance = 0.02;

    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string> ModelIds() => new(ModelCatalog.Ids);

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Int8_model_predicts_the_digit_TorchSharp_predicts_within_a_probability_tolerance(string modelId)
    {
        using var model = BrieflyTrained(modelId, seed: 29);
        var int8 = Quantized(model, modelId);
        var pixels = TestImages.Real(ComparedStart, ComparedImages);

        var expected = ParityAssert.TorchProbabilities(model, pixels);
        using var runner = new OnnxModelRunner(int8);
        var actual = runner.Probabilities(new LabeledImages(ToBytes(pixels), null));

        var disagreements = Enumerable.Range(0, ComparedImages).Count(i => ArgMax(expected, i) != ArgMax(actual, i));
        var maxDifference = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        var meanTop = Enumerable.Range(0, ComparedImages).Average(i => expected[i * MnistGeometry.ClassCount + ArgMax(expected, i)]);
        output.WriteLine($"{modelId}: {disagreements} of {ComparedImages} predicted digits differ; max |torch - int8| probability {maxDifference:F4}; mean top probability {meanTop:F3}.");
        Assert.True(disagreements <= AllowedDisagreements, $"{modelId}: {disagreements} of {ComparedImages} predictions differ from TorchSharp.");
        Assert.True(maxDifference <= ProbabilityTolerance, $"{modelId}: max |torch - int8| probability {maxDifference:F4} > {ProbabilityTolerance}.");
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Every_weighted_layer_gets_int8_weights_and_quantized_activations_and_the_interface_is_kept(string modelId)
    {
        using var model = ModelFactory.Create(modelId);
        var fp32 = OnnxExporter.Build(model, modelId);
        var int8 = Quantized(model, modelId);

        var weighted = fp32.Graph.Node.Where(n => n.OpType is "Conv" or "Gemm" or "MatMul").Select(n => n.Name).ToArray();
        Assert.NotEmpty(weighted);
        var initializers = int8.Graph.Initializer.ToDictionary(i => i.Name);
        var producers = int8.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        foreach (var name in weighted)
        {
            var node = int8.Graph.Node.Single(n => n.Name == name);
            var weight = producers[node.Input[1]];
            Assert.Equal("DequantizeLinear", weight.OpType);
            Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[weight.Input[0]].DataType);
            var weightValues = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(initializers[weight.Input[0]].RawData.Span).ToArray();
            Assert.Equal(SevenBitLimit, weightValues.Max(v => Math.Abs((int)v))); // each channel's largest weight maps to +-63
            Assert.Equal("DequantizeLinear", producers[node.Input[0]].OpType);
            if (node.OpType != "MatMul")
            {
                Assert.Equal((int)TensorProto.Types.DataType.Int32, initializers[producers[node.Input[2]].Input[0]].DataType);
            }
        }

        var floatWeights = fp32.Graph.Node.Where(n => weighted.Contains(n.Name)).Select(n => n.Input[1]).ToHashSet();
        Assert.DoesNotContain(int8.Graph.Initializer, i => floatWeights.Contains(i.Name));
        Assert.Equal(fp32.Graph.Input.Select(i => i.ToString()), int8.Graph.Input.Select(i => i.ToString()));
        Assert.Equal(fp32.Graph.Output.Select(o => o.ToString()), int8.Graph.Output.Select(o => o.ToString()));
        Assert.Contains(int8.MetadataProps, p => p.Key == OnnxQuantizer.PrecisionMetadataKey && p.Value == OnnxQuantizer.Int8Precision);
        Assert.Contains(int8.MetadataProps, p => p.Key == ModelFiles.Int8WeightBitsMetadataKey && p.Value == "7");
    }

    [Theory]
    [InlineData("nn", 0)]
    [InlineData("simple-cnn", 4)]
    [InlineData("cnn-proj", 6)]
    [InlineData("cnn-quad", 10)]
    public void Onnx_runtime_runs_every_convolution_and_dense_layer_in_int8(string modelId, int convolutions)
    {
        using var model = ModelFactory.Create(modelId);
        var int8Path = directory.File($"{modelId}.int8.onnx");
        File.WriteAllBytes(int8Path, Quantized(model, modelId).ToByteArray());
        var optimizedPath = directory.File($"{modelId}.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = optimizedPath })
        using (new InferenceSession(int8Path, options))
        {
        }

        var nodes = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimizedPath)).Graph.Node;
        var ops = nodes.Select(n => n.OpType).ToArray();
        var counts = ops.GroupBy(op => op).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine($"{modelId} as ONNX Runtime runs it: {string.Join(", ", counts)}");
        var fp32Weighted = nodes.Where(n => n.OpType is "Conv" or "FusedConv" or "NchwcConv" or "Gemm" or "FusedGemm" or "MatMul" or "FusedMatMul").Select(n => n.Name);
        Assert.Empty(fp32Weighted);
        Assert.Equal(convolutions, ops.Count(op => op == "QLinearConv"));
        Assert.Contains(ops, op => op is "QGemm" or "MatMulIntegerToFloat" or "QLinearMatMul" or "DynamicQuantizeMatMul");
    }

    public void Dispose() => directory.Dispose();

    private static ModelProto Quantized(Module<Tensor, Tensor> model, string modelId)
    {
        model.eval();
        var fp32 = OnnxExporter.Build(model, modelId);
        var ranges = OnnxCalibration.Ranges(fp32, OnnxQuantizer.ActivationsToCalibrate(fp32), TestData.Train, CalibrationImages);
        return OnnxQuantizer.Quantize(fp32, ranges, CalibrationImages);
    }

    /// <summary>A few Adam steps, then BatchNorm statistics settled on real images, so predictions are realistic.</summary>
    private static StudyModel BrieflyTrained(string modelId, int seed)
    {
        manual_seed(seed);
        var model = ModelFactory.Create(modelId);
        OnnxParityTests.TrainBriefly(model);
        using var settlingImages = TestImages.AsBatch(TestImages.Real(start: 0, SettlingImages));
        BatchNormSettling.Settle(model, settlingImages, CPU);
        return model;
    }

    private static byte[] ToBytes(float[] pixels) => pixels.Select(p => (byte)Math.Round(p * 255)).ToArray();

    private static int ArgMax(float[] probabilities, int image) =>
        ParityAssert.ArgMax(probabilities.AsSpan(image * MnistGeometry.ClassCount, MnistGeometry.ClassCount));
}
