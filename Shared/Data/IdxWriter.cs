using System.Buffers.Binary;
using System.IO.Compression;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Data;

/// <summary>Writes MNIST IDX image and label files (atomically), optionally gzip-compressed.</summary>
public static class IdxWriter
{
    public static void WriteImages(string path, LabeledImages images, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        var header = new byte[IdxFormat.ImagesHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxFormat.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), MnistGeometry.Side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), MnistGeometry.Side);
        Write(path, header, images.Pixels, gzip);
    }

    public static void WriteLabels(string path, byte[] labels, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var invalid = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(MnistGeometry.ClassCount - 1));
        if (invalid >= 0)
        {
            throw new ArgumentException($"Label {invalid} is {labels[invalid]}, not a digit 0..9.", nameof(labels));
        }

        var header = new byte[IdxFormat.LabelsHeaderLength];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxFormat.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels, gzip);
    }

    /// <summary>Writes a labeled set as an image file and a label file.</summary>
    public static void WriteLabeled(string imagesPath, string labelsPath, LabeledImages images, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        var labels = images.Labels ?? throw new ArgumentException("The image set has no labels to write.", nameof(images));
        WriteImages(imagesPath, images, gzip);
        WriteLabels(labelsPath, labels, gzip);
    }

    private static void Write(string path, byte[] header, byte[] body, bool gzip) =>
        AtomicFile.Write(path, stream =>
        {
            if (gzip)
            {
                using var compressed = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
                compressed.Write(header);
                compressed.Write(body);
            }
            else
            {
                stream.Write(header);
                stream.Write(body);
            }
        });
}
