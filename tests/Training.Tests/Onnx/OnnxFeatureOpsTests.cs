using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Features;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Onnx;

/// <summary>
/// The feature ops of the exported graphs, run alone in ONNX Runtime, equal the Shared definitions.
/// (On fresh weights a wrong quadrant order hardly moves the probabilities, so this is checked directly.)
/// </summary>
public sealed class OnnxFeatureOpsTests : IDisposable
{
    private const int Count = 6;
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData("random")]
    [InlineData("real")]
    public void Graph_projections_and_quadrants_equal_the_shared_definition(string source)
    {
        var pixels = source == "real" ? TestImages.Real(start: 300, Count) : TestImages.Random(Count, seed: 3);
        var builder = new OnnxGraphBuilder("features");
        var image = builder.Input("image", [null, 1, 28, 28], "N");
        builder.Output(OnnxFeatureOps.Projections(builder, image), [null, 2, 28], "N");
        builder.Output(OnnxFeatureOps.Quadrants(builder, image), [null, 1, 4, 14, 14], "N");
        var path = directory.File("features.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(builder.ToModel("feature ops only")));

        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [Count, 1, 28, 28]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["image"], [input], ["features.projections", "features.quadrants"]);
        var projections = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var quadrants = outputs[1].GetTensorDataAsSpan<float>().ToArray();

        for (var i = 0; i < Count; i++)
        {
            var image784 = pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount);
            AssertClose(ImageFeatures.Projections(image784), projections.AsSpan(i * 56, 56));
            AssertClose(ImageFeatures.Quadrants(image784), quadrants.AsSpan(i * 784, 784));
        }
    }

    public void Dispose() => directory.Dispose();

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"Value {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
