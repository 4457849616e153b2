using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

/// <summary>Small deterministic image sets whose every pixel value is known.</summary>
public static class SampleImages
{
    public const int PixelCount = 784;

    /// <summary>Pixel j of image i is (i * 31 + j * 7) mod 256; label of image i is i mod 10.</summary>
    public static LabeledImages Create(int count, bool labeled = true)
    {
        var pixels = new byte[count * PixelCount];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < PixelCount; j++)
            {
                pixels[i * PixelCount + j] = (byte)((i * 31 + j * 7) % 256);
            }
        }

        var labels = labeled ? Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray() : null;
        return new LabeledImages(pixels, labels);
    }

    /// <summary>A CSV row for image i of <see cref="Create"/>.</summary>
    public static string PixelRow(int image) =>
        string.Join(',', Enumerable.Range(0, PixelCount).Select(j => (image * 31 + j * 7) % 256));

    public static string TrainHeader => "label," + TestHeader;

    public static string TestHeader => string.Join(',', Enumerable.Range(0, PixelCount).Select(j => $"pixel{j}"));
}
