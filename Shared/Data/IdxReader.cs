using System.Buffers.Binary;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// Reads MNIST IDX image and label files, raw or gzip-compressed (recognised by content, not by
/// name). Every structural problem is reported as a <see cref="DataFileException"/> naming the file.
/// </summary>
public static class IdxReader
{
    /// <summary>Reads an IDX image file of 28x28 images; the result has no labels.</summary>
    public static LabeledImages ReadImages(string path)
    {
        using var source = IdxSource.Open(path);
        Span<byte> header = stackalloc byte[IdxFormat.ImagesHeaderLength];
        source.ReadHeader(header, IdxFormat.ImagesMagic);

        var count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        var rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        var columns = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (rows != MnistGeometry.Side || columns != MnistGeometry.Side)
        {
            throw new DataFileException(path,
                $"images are {rows}x{columns} pixels, expected {MnistGeometry.Side}x{MnistGeometry.Side}", field: "dimensions");
        }

        CheckCount(path, count, MnistGeometry.PixelCount, "images");
        var pixels = source.ReadPayload((long)count * MnistGeometry.PixelCount, $"{count} images of {MnistGeometry.PixelCount} bytes");
        return new LabeledImages(pixels, labels: null);
    }

    /// <summary>Reads an IDX label file; every label must be a digit 0..9.</summary>
    public static byte[] ReadLabels(string path)
    {
        using var source = IdxSource.Open(path);
        Span<byte> header = stackalloc byte[IdxFormat.LabelsHeaderLength];
        source.ReadHeader(header, IdxFormat.LabelsMagic);

        var count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        CheckCount(path, count, 1, "labels");
        var labels = source.ReadPayload(count, $"{count} labels of 1 byte");

        var invalid = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(MnistGeometry.ClassCount - 1));
        if (invalid >= 0)
        {
            throw new DataFileException(path,
                $"value {labels[invalid]} is not a digit 0..{MnistGeometry.ClassCount - 1}", field: $"label {invalid}");
        }

        return labels;
    }

    /// <summary>Reads an image file and its label file and checks that they describe the same number of items.</summary>
    public static LabeledImages ReadLabeled(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != images.Count)
        {
            throw new DataFileException(labelsPath,
                $"has {labels.Length} labels but {Path.GetFileName(imagesPath)} has {images.Count} images", field: "label count");
        }

        return images.WithLabels(labels);
    }

    private static void CheckCount(string path, int count, int bytesPerItem, string items)
    {
        if (count < 0 || (long)count * bytesPerItem > Array.MaxLength)
        {
            throw new DataFileException(path, $"the header announces {count} {items}, which cannot be right", field: "item count");
        }
    }

    /// <summary>The decoded byte stream of an IDX file, knowing its length when it is not compressed.</summary>
    private sealed class IdxSource : IDisposable
    {
        private const int ReadChunk = 1 << 20;
        private readonly string _path;
        private readonly Stream _stream;
        private readonly bool _compressed;
        private readonly long _fileLength;
        private long _position;

        private IdxSource(string path, Stream stream, bool compressed, long fileLength)
        {
            _path = path;
            _stream = stream;
            _compressed = compressed;
            _fileLength = fileLength;
        }

        public static IdxSource Open(string path)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new DataFileException(path, $"file not found (looked for {Path.GetFullPath(path)})", innerException: exception);
            }

            try
            {
                Span<byte> signature = stackalloc byte[2];
                var read = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
                file.Position = 0;
                if (read == 2 && signature[0] == 0x1f && signature[1] == 0x8b)
                {
                    var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
                    return new IdxSource(path, new BufferedStream(gzip, ReadChunk), compressed: true, fileLength: -1);
                }

                return new IdxSource(path, file, compressed: false, file.Length);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>Reads the header; a wrong magic number is reported before a short header.</summary>
        public void ReadHeader(Span<byte> header, int expectedMagic)
        {
            var read = Read(header);
            if (read >= sizeof(int))
            {
                var magic = BinaryPrimitives.ReadInt32BigEndian(header);
                if (magic != expectedMagic)
                {
                    throw new DataFileException(_path,
                        $"magic number is {IdxFormat.DescribeMagic(magic)}, expected {IdxFormat.DescribeMagic(expectedMagic)}", field: "magic number");
                }
            }

            if (read < header.Length)
            {
                throw new DataFileException(_path,
                    $"file is truncated: it ends after {read} bytes, inside the {header.Length}-byte header", field: "header");
            }
        }

        /// <summary>Reads exactly the announced payload and insists that nothing follows it.</summary>
        public byte[] ReadPayload(long expectedLength, string whatHeaderAnnounces)
        {
            if (!_compressed)
            {
                var available = _fileLength - _position;
                if (available != expectedLength)
                {
                    throw PayloadLengthError(expectedLength, available, whatHeaderAnnounces);
                }
            }

            // A compressed file's real length is unknown until it is read, so the array grows as data
            // arrives rather than trusting a possibly corrupt header for one huge allocation.
            var payload = new byte[_compressed ? Math.Min(expectedLength, 16L << 20) : expectedLength];
            long filled = 0;
            while (filled < expectedLength)
            {
                if (filled == payload.Length)
                {
                    Array.Resize(ref payload, (int)Math.Min(expectedLength, payload.LongLength * 2));
                }

                var read = Read(payload.AsSpan((int)filled, (int)Math.Min(payload.LongLength - filled, ReadChunk)));
                if (read == 0)
                {
                    throw PayloadLengthError(expectedLength, filled, whatHeaderAnnounces);
                }

                filled += read;
            }

            if (_compressed)
            {
                Span<byte> probe = stackalloc byte[1];
                if (Read(probe) > 0)
                {
                    throw new DataFileException(_path,
                        $"has more data than the header announces ({whatHeaderAnnounces} = {expectedLength} bytes)", field: "data");
                }
            }

            return payload;
        }

        public void Dispose() => _stream.Dispose();

        private DataFileException PayloadLengthError(long expected, long actual, string whatHeaderAnnounces)
        {
            var decoded = _compressed ? " after decompression" : "";
            return actual < expected
                ? new DataFileException(_path,
                    $"file is truncated: the header announces {whatHeaderAnnounces}, so expected {expected} bytes of data, file has {actual}{decoded}",
                    field: "data")
                : new DataFileException(_path,
                    $"has {actual - expected} bytes more than the header announces ({whatHeaderAnnounces} = {expected} bytes)",
                    field: "data");
        }

        private int Read(Span<byte> buffer)
        {
            try
            {
                var total = 0;
                while (total < buffer.Length)
                {
                    var read = _stream.Read(buffer[total..]);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }

                _position += total;
                return total;
            }
            catch (InvalidDataException exception)
            {
                throw new DataFileException(_path, $"the gzip data is corrupt ({exception.Message})", innerException: exception);
            }
        }
    }
}
