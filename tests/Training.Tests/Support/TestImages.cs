using System.Buffers.Binary;
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
    public static float[] Real(int start, int count) =>
        MnistTestSet.Images.AsSpan(start * MnistGeometry.PixelCount, count * MnistGeometry.PixelCount)
            .ToArray().Select(b => b / 255f).ToArray();

    public static long[] RealLabels(int start, int count) =>
        MnistTestSet.Labels.AsSpan(start, count).ToArray().Select(b => (long)b).ToArray();

    public static Tensor AsBatch(float[] pixels) =>
        tensor(pixels, [pixels.Length / MnistGeometry.PixelCount, 1, MnistGeometry.Side, MnistGeometry.Side]);

    /// <summary>The t10k IDX files under the repository's data/mnist (read once).</summary>
    private static class MnistTestSet
    {
        public static readonly byte[] Images = ReadIdx("t10k-images-idx3-ubyte", headerInts: 4);
        public static readonly byte[] Labels = ReadIdx("t10k-labels-idx1-ubyte", headerInts: 2);

        private static byte[] ReadIdx(string fileName, int headerInts)
        {
            var bytes = File.ReadAllBytes(Path.Combine(FindMnistDirectory(), fileName));
            var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4));
            var body = bytes.AsSpan(headerInts * 4).ToArray();
            var perItem = headerInts == 4 ? MnistGeometry.PixelCount : 1;
            Assert.Equal(count * perItem, body.Length);
            return body;
        }

        private static string FindMnistDirectory()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "data", "mnist");
                if (File.Exists(Path.Combine(candidate, "t10k-images-idx3-ubyte")))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("data/mnist/t10k-images-idx3-ubyte not found above " + AppContext.BaseDirectory);
        }
    }
}
