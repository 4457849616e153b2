using MnistBlazor.Shared.Features;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Models;

public sealed class FeatureOpsTests
{
    private const int Count = 8;

    public static TheoryData<string> ImageSources() => ["random", "real"];

    [Theory]
    [MemberData(nameof(ImageSources))]
    public void In_network_projections_equal_the_shared_definition(string source)
    {
        var pixels = Images(source);
        using var batch = TestImages.AsBatch(pixels);
        using var projections = FeatureOps.Projections(batch);
        Assert.Equal([Count, 2, 28], projections.shape);

        var actual = projections.data<float>().ToArray();
        for (var i = 0; i < Count; i++)
        {
            var expected = ImageFeatures.Projections(pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount));
            AssertClose(expected, actual.AsSpan(i * expected.Length, expected.Length));
        }
    }

    [Theory]
    [MemberData(nameof(ImageSources))]
    public void In_network_quadrants_equal_the_shared_definition(string source)
    {
        var pixels = Images(source);
        using var batch = TestImages.AsBatch(pixels);
        using var quadrants = FeatureOps.Quadrants(batch);
        Assert.Equal([Count, 1, 4, 14, 14], quadrants.shape);

        var actual = quadrants.contiguous().data<float>().ToArray();
        for (var i = 0; i < Count; i++)
        {
            var expected = ImageFeatures.Quadrants(pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount));
            AssertClose(expected, actual.AsSpan(i * expected.Length, expected.Length));
        }
    }

    [Fact]
    public void Projection_rows_are_column_means_then_row_means()
    {
        // One inked column (x = 3) and nothing else: the x projection peaks at 3, the y projection is flat 1/28.
        var pixels = new float[MnistGeometry.PixelCount];
        for (var y = 0; y < MnistGeometry.Side; y++)
        {
            pixels[y * MnistGeometry.Side + 3] = 1f;
        }

        using var batch = TestImages.AsBatch(pixels);
        using var projections = FeatureOps.Projections(batch);
        var values = projections.data<float>().ToArray();
        Assert.Equal(1f, values[3], 6);
        Assert.Equal(0f, values[4], 6);
        Assert.All(values[28..], value => Assert.Equal(1f / 28, value, 6));
    }

    private static float[] Images(string source) =>
        source == "real" ? TestImages.Real(start: 100, Count) : TestImages.Random(Count, seed: 7);

    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"Value {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
