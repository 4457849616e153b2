using MnistBlazor.Shared.Imaging;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Support;

/// <summary>Random and real MNIST test images as flat 0..1 arrays and as [N,1,28,28] tensors.</summary>
public static class TestImages
{
    public static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * MnistGeometry.PixelCount];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.NextSingle();
        }

        return pixels;
    }

    /// <summary>Images <paramref name="start"/>.. of the official MNIST test set, scaled to 0..1.</summary>
    public static float[] Real(int start, int count)
    {
        var images = TestData.Test;
        var pixels = new float[count * MnistGeometry.PixelCount];
        for (var i = 0; i < count; i++)
        {
            images.CopyImageAsFloats(start + i, pixels.AsSpan(i * MnistGeometry.PixelCount, MnistGeometry.PixelCount));
        }

        return pixels;
    }

    public static long[] RealLabels(int start, int count) =>
        TestData.Test.Labels!.AsSpan(start, count).ToArray().Select(label => (long)label).ToArray();

    public static Tensor AsBatch(float[] pixels) =>
        tensor(pixels, [pixels.Length / MnistGeometry.PixelCount, 1, MnistGeometry.Side, MnistGeometry.Side]);
}
