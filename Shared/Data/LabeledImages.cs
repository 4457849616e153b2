using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// A set of 28x28 grayscale images stored compactly as MNIST stores them: one byte a pixel,
/// row-major, 0 = background, 255 = full ink; with one label (0..9) per image, or none for an
/// unlabelled set such as Kaggle's test.csv.
/// </summary>
public sealed class LabeledImages
{
    private const int PixelsPerImage = MnistGeometry.PixelCount;

    public LabeledImages(byte[] pixels, byte[]? labels)
    {
        if (pixels.Length % PixelsPerImage != 0)
        {
            throw new ArgumentException(
                $"Pixel data of {pixels.Length} bytes is not a whole number of {PixelsPerImage}-pixel images.", nameof(pixels));
        }

        var count = pixels.Length / PixelsPerImage;
        if (labels is not null)
        {
            if (labels.Length != count)
            {
                throw new ArgumentException($"There are {count} images but {labels.Length} labels.", nameof(labels));
            }

            var bad = Array.FindIndex(labels, label => label >= MnistGeometry.ClassCount);
            if (bad >= 0)
            {
                throw new ArgumentException($"Label {labels[bad]} at index {bad} is outside 0..9.", nameof(labels));
            }
        }

        Pixels = pixels;
        Labels = labels;
        Count = count;
    }

    public int Count { get; }
    public byte[] Pixels { get; }
    public byte[]? Labels { get; }
    public bool IsLabeled => Labels is not null;

    public ReadOnlySpan<byte> ImageBytes(int index) => Pixels.AsSpan(Offset(index), PixelsPerImage);

    public float[] ImageAsFloats(int index)
    {
        var result = new float[PixelsPerImage];
        CopyImageAsFloats(index, result);
        return result;
    }

    /// <summary>Writes image <paramref name="index"/> as 0..1 intensities (the models' input scale).</summary>
    public void CopyImageAsFloats(int index, Span<float> destination)
    {
        if (destination.Length < PixelsPerImage)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; an image needs {PixelsPerImage}.", nameof(destination));
        }

        var source = ImageBytes(index);
        for (var i = 0; i < PixelsPerImage; i++)
        {
            destination[i] = source[i] / 255f;
        }
    }

    public LabeledImages Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Images {start}..{start + count - 1} are past the end of a set of {Count}.");
        }

        return new LabeledImages(
            Pixels.AsSpan(start * PixelsPerImage, count * PixelsPerImage).ToArray(),
            Labels?.AsSpan(start, count).ToArray());
    }

    private int Offset(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Image {index} is outside 0..{Count - 1}.");
        }

        return index * PixelsPerImage;
    }
}
