using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// A set of 28x28 grayscale images stored compactly as bytes exactly as MNIST stores them
/// (row-major, 0 = background, 255 = full ink), with one label 0..9 per image, or no labels for
/// an unlabeled set such as Kaggle's test.csv.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(byte[] pixels, byte[]? labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length % MnistGeometry.PixelCount != 0)
        {
            throw new ArgumentException(
                $"Pixel data has {pixels.Length} bytes, which is not a whole number of {MnistGeometry.PixelCount}-pixel images.",
                nameof(pixels));
        }

        Count = pixels.Length / MnistGeometry.PixelCount;
        if (labels is not null)
        {
            if (labels.Length != Count)
            {
                throw new ArgumentException($"There are {labels.Length} labels for {Count} images.", nameof(labels));
            }

            var invalid = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(MnistGeometry.ClassCount - 1));
            if (invalid >= 0)
            {
                throw new ArgumentException(
                    $"Label of image {invalid} is {labels[invalid]}, outside 0..{MnistGeometry.ClassCount - 1}.", nameof(labels));
            }
        }

        Pixels = pixels;
        Labels = labels;
    }

    public int Count { get; }

    /// <summary>Count * 784 bytes, image after image.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label 0..9 per image, or null for an unlabeled set.</summary>
    public byte[]? Labels { get; }

    public bool IsLabeled => Labels is not null;

    public ReadOnlySpan<byte> ImageBytes(int index)
    {
        CheckIndex(index);
        return Pixels.AsSpan(index * MnistGeometry.PixelCount, MnistGeometry.PixelCount);
    }

    /// <summary>Image <paramref name="index"/>'s bytes, or null when there is no such image (galleries, thumbnails).</summary>
    public ReadOnlyMemory<byte>? FindImage(int index) =>
        index >= 0 && index < Count ? Pixels.AsMemory(index * MnistGeometry.PixelCount, MnistGeometry.PixelCount) : null;

    /// <summary>The image scaled to 0..1, as the models receive it.</summary>
    public float[] ImageAsFloats(int index)
    {
        var result = new float[MnistGeometry.PixelCount];
        CopyImageAsFloats(index, result);
        return result;
    }

    public void CopyImageAsFloats(int index, Span<float> destination)
    {
        if (destination.Length < MnistGeometry.PixelCount)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} values, an image needs {MnistGeometry.PixelCount}.", nameof(destination));
        }

        var source = ImageBytes(index);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] / 255f;
        }
    }

    /// <summary>The label of one image; the set must be labeled.</summary>
    public int LabelOf(int index)
    {
        CheckIndex(index);
        if (Labels is null)
        {
            throw new InvalidOperationException("This image set has no labels.");
        }

        return Labels[index];
    }

    /// <summary>A copy of <paramref name="count"/> images starting at <paramref name="start"/>.</summary>
    public LabeledImages Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count), $"Slice {start}..{start + count} does not lie inside 0..{Count}.");
        }

        var pixels = Pixels.AsSpan(start * MnistGeometry.PixelCount, count * MnistGeometry.PixelCount).ToArray();
        var labels = Labels?.AsSpan(start, count).ToArray();
        return new LabeledImages(pixels, labels);
    }

    /// <summary>A copy of the images at <paramref name="indices"/>, in that order, with their labels.</summary>
    public LabeledImages Select(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * MnistGeometry.PixelCount];
        var labels = Labels is null ? null : new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            ImageBytes(indices[i]).CopyTo(pixels.AsSpan(i * MnistGeometry.PixelCount));
            if (labels is not null)
            {
                labels[i] = Labels![indices[i]];
            }
        }

        return new LabeledImages(pixels, labels);
    }

    /// <summary>The same images with labels attached (the pixel array is shared, not copied).</summary>
    public LabeledImages WithLabels(byte[] labels) => new(Pixels, labels);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Image {index} does not exist; the set has {Count} images.");
        }
    }
}
