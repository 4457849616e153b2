using System.Buffers.Binary;
using System.IO.Compression;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// Reads the IDX files MNIST is distributed in (big-endian header: magic, then one 32-bit size per
/// dimension, then unsigned bytes), raw or gzip-compressed.
/// </summary>
public static class IdxReader
{
    internal const int ImagesMagic = 0x00000803;
    internal const int LabelsMagic = 0x00000801;

    /// <summary>Reads an images file (28x28 each); the result has no labels.</summary>
    public static LabeledImages ReadImages(string path)
    {
        var bytes = ReadContent(path);
        var header = ReadHeader(path, bytes, ImagesMagic, "images", dimensions: 3);
        var count = header[0];
        if (header[1] != MnistGeometry.Side || header[2] != MnistGeometry.Side)
        {
            throw new DataFileException(path, $"holds {header[1]}x{header[2]} images; MNIST images are 28x28.", field: "dimensions");
        }

        var pixels = Payload(path, bytes, headerLength: 16, (long)count * MnistGeometry.PixelCount, $"{count} images of 28x28");
        return new LabeledImages(pixels, labels: null);
    }

    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadContent(path);
        var count = ReadHeader(path, bytes, LabelsMagic, "labels", dimensions: 1)[0];
        var labels = Payload(path, bytes, headerLength: 8, count, $"{count} labels");
        var bad = Array.FindIndex(labels, label => label >= MnistGeometry.ClassCount);
        if (bad >= 0)
        {
            throw new DataFileException(path, $"label {labels[bad]} at index {bad} is outside 0..9.", field: $"label[{bad}]");
        }

        return labels;
    }

    /// <summary>Reads an images file and its labels file, which must hold the same number of items.</summary>
    public static LabeledImages ReadLabeled(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new DataFileException(labelsPath, $"holds {labels.Length} labels but {Path.GetFileName(imagesPath)} holds {images.Count} images.", field: "count");
        }

        return new LabeledImages(images.Pixels, labels);
    }

    private static byte[] ReadContent(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, $"cannot be read: {e.Message}", innerException: e);
        }

        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var content = new MemoryStream(bytes.Length * 4);
            gzip.CopyTo(content);
            return content.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException(path, $"is a corrupt or truncated gzip file: {e.Message}", innerException: e);
        }
    }

    private static int[] ReadHeader(string path, byte[] bytes, int expectedMagic, string kind, int dimensions)
    {
        var headerLength = 4 + 4 * dimensions;
        if (bytes.Length < headerLength)
        {
            throw new DataFileException(path, $"is {bytes.Length} bytes long, too short for an IDX {kind} header ({headerLength} bytes).", field: "header");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            var what = magic switch
            {
                ImagesMagic => "an IDX images file",
                LabelsMagic => "an IDX labels file",
                _ => "not an IDX file",
            };
            throw new DataFileException(path, $"has magic number 0x{magic:X8} ({what}); an IDX {kind} file starts with 0x{expectedMagic:X8}.", field: "magic");
        }

        var sizes = new int[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (sizes[i] < 0)
            {
                throw new DataFileException(path, $"declares a negative size {sizes[i]} for dimension {i}.", field: "dimensions");
            }
        }

        return sizes;
    }

    private static byte[] Payload(string path, byte[] bytes, int headerLength, long expectedLength, string what)
    {
        var available = bytes.Length - headerLength;
        if (available < expectedLength)
        {
            throw new DataFileException(path, $"is truncated: the header declares {what} ({expectedLength} bytes of data) but the file has {available}.");
        }

        if (available > expectedLength)
        {
            throw new DataFileException(path, $"has {available - expectedLength} unexpected bytes after {what}.");
        }

        return bytes.AsSpan(headerLength).ToArray();
    }
}

/// <summary>Writes IDX files (uncompressed), e.g. to export user drawings in MNIST's own format.</summary>
public static class IdxWriter
{
    public static void WriteImages(string path, LabeledImages images) =>
        AtomicFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[16];
            BinaryPrimitives.WriteInt32BigEndian(header, IdxReader.ImagesMagic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], images.Count);
            BinaryPrimitives.WriteInt32BigEndian(header[8..], MnistGeometry.Side);
            BinaryPrimitives.WriteInt32BigEndian(header[12..], MnistGeometry.Side);
            stream.Write(header);
            stream.Write(images.Pixels);
        });

    public static void WriteLabels(string path, ReadOnlySpan<byte> labels)
    {
        var copy = labels.ToArray();
        AtomicFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteInt32BigEndian(header, IdxReader.LabelsMagic);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], copy.Length);
            stream.Write(header);
            stream.Write(copy);
        });
    }
}
