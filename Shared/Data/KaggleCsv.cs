using System.Text;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// The CSV files of Kaggle's "Digit Recognizer": train.csv (<c>label,pixel0..pixel783</c>),
/// test.csv (<c>pixel0..pixel783</c>) and submission.csv (<c>ImageId,Label</c>, ImageId from 1).
/// Reading streams the file and reports the first malformed value with its line (1-based, the
/// header is line 1) and column name.
/// </summary>
public static class KaggleCsv
{
    public const string LabelColumn = "label";
    public const string ImageIdColumn = "ImageId";
    public const string SubmissionLabelColumn = "Label";

    private static readonly string[] PixelColumns =
        Enumerable.Range(0, MnistGeometry.PixelCount).Select(i => $"pixel{i}").ToArray();

    private static readonly string[] TrainColumns = [LabelColumn, .. PixelColumns];
    private static readonly string[] SubmissionColumns = [ImageIdColumn, SubmissionLabelColumn];

    public static string TrainHeader { get; } = string.Join(',', TrainColumns);
    public static string TestHeader { get; } = string.Join(',', PixelColumns);
    public static string SubmissionHeader { get; } = string.Join(',', SubmissionColumns);

    /// <summary>The decimal text of every byte value, so writing never formats a number.</summary>
    private static readonly byte[][] ByteText =
        Enumerable.Range(0, 256).Select(i => Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    public static LabeledImages ReadTrain(string path) => ReadImages(path, labeled: true);

    public static LabeledImages ReadTest(string path) => ReadImages(path, labeled: false);

    /// <summary>Writes <c>label,pixel0..pixel783</c>; the images must be labeled.</summary>
    public static void WriteTrain(string path, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Labels is null)
        {
            throw new ArgumentException("train.csv needs labels, and this image set has none.", nameof(images));
        }

        WriteImages(path, images, labeled: true);
    }

    /// <summary>Writes <c>pixel0..pixel783</c>; labels, if any, are left out.</summary>
    public static void WriteTest(string path, LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        WriteImages(path, images, labeled: false);
    }

    /// <summary>Writes <c>ImageId,Label</c> with ImageId counting from 1.</summary>
    public static void WriteSubmission(string path, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder(labels.Count * 8 + 16);
        text.Append(SubmissionHeader).Append('\n');
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is < 0 or >= MnistGeometry.ClassCount)
            {
                throw new ArgumentException($"Label of image {i + 1} is {labels[i]}, not a digit 0..9.", nameof(labels));
            }

            text.Append(i + 1).Append(',').Append(labels[i]).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a submission back; ImageIds must run 1, 2, 3, ... so the result is the labels in order.</summary>
    public static int[] ReadSubmission(string path)
    {
        var parser = new CsvRowParser(path, SubmissionColumns);
        var labels = new List<int>();
        var values = new int[2];
        ReadRows(path, parser, (line, lineNumber) =>
        {
            parser.Parse(line, lineNumber, values);
            var expectedId = labels.Count + 1;
            if (values[0] != expectedId)
            {
                throw new DataFileException(path, $"ImageId is {values[0]}, expected {expectedId} (ids count from 1 in order)", lineNumber, ImageIdColumn);
            }

            parser.CheckRange(values, 1, 0, MnistGeometry.ClassCount - 1, lineNumber);
            labels.Add(values[1]);
        });
        return labels.ToArray();
    }

    private delegate void RowHandler(ReadOnlySpan<byte> line, long lineNumber);

    private static LabeledImages ReadImages(string path, bool labeled)
    {
        var parser = new CsvRowParser(path, labeled ? TrainColumns : PixelColumns);
        var firstPixel = labeled ? 1 : 0;
        var pixels = new List<byte[]>();
        var labels = labeled ? new List<byte>() : null;
        var values = new int[parser.ColumnNames.Length];

        // Rows go into fixed-size blocks so that a large file is never copied while it grows.
        const int imagesPerBlock = 4096;
        var block = Array.Empty<byte>();
        var inBlock = imagesPerBlock;
        var count = 0;
        ReadRows(path, parser, (line, lineNumber) =>
        {
            parser.Parse(line, lineNumber, values);
            if (labeled)
            {
                parser.CheckRange(values.AsSpan(0, 1), 0, 0, MnistGeometry.ClassCount - 1, lineNumber);
            }

            parser.CheckRange(values, firstPixel, 0, 255, lineNumber);
            if (inBlock == imagesPerBlock)
            {
                block = new byte[imagesPerBlock * MnistGeometry.PixelCount];
                pixels.Add(block);
                inBlock = 0;
            }

            var destination = block.AsSpan(inBlock * MnistGeometry.PixelCount, MnistGeometry.PixelCount);
            for (var i = 0; i < MnistGeometry.PixelCount; i++)
            {
                destination[i] = (byte)values[firstPixel + i];
            }

            labels?.Add((byte)values[0]);
            inBlock++;
            count++;
        });

        var all = new byte[count * MnistGeometry.PixelCount];
        var offset = 0;
        foreach (var filled in pixels)
        {
            var length = Math.Min(filled.Length, all.Length - offset);
            filled.AsSpan(0, length).CopyTo(all.AsSpan(offset));
            offset += length;
        }

        return new LabeledImages(all, labels?.ToArray());
    }

    private static void ReadRows(string path, CsvRowParser parser, RowHandler handleRow)
    {
        using var reader = CsvLineReader.Open(path);
        if (!reader.TryReadLine(out var header))
        {
            throw new DataFileException(path, $"file is empty; expected the header {QuotedText.Of(parser.HeaderText)}", 1);
        }

        parser.CheckHeader(header, reader.LineNumber);
        long? emptyLine = null;
        while (reader.TryReadLine(out var line))
        {
            if (line.Trim((byte)' ').IsEmpty)
            {
                emptyLine ??= reader.LineNumber;
                continue;
            }

            // Blank lines are tolerated only at the very end of the file.
            if (emptyLine is not null)
            {
                throw new DataFileException(path, "line is empty but more rows follow it", emptyLine);
            }

            handleRow(line, reader.LineNumber);
        }
    }

    private static void WriteImages(string path, LabeledImages images, bool labeled)
    {
        var header = (labeled ? TrainHeader : TestHeader) + "\n";
        AtomicFile.Write(path, stream =>
        {
            // Not disposed: that would close the stream AtomicFile still has to flush; Flush below suffices.
            var buffered = new BufferedStream(stream, 1 << 20);
            buffered.Write(Encoding.ASCII.GetBytes(header));
            var row = new byte[(1 + MnistGeometry.PixelCount) * 4 + 1];
            for (var image = 0; image < images.Count; image++)
            {
                var length = 0;
                if (labeled)
                {
                    length = Append(row, length, images.Labels![image]);
                }

                foreach (var pixel in images.ImageBytes(image))
                {
                    if (length > 0)
                    {
                        row[length++] = (byte)',';
                    }

                    length = Append(row, length, pixel);
                }

                row[length++] = (byte)'\n';
                buffered.Write(row, 0, length);
            }

            buffered.Flush();
        });
    }

    private static int Append(byte[] row, int length, byte value)
    {
        var text = ByteText[value];
        text.CopyTo(row, length);
        return length + text.Length;
    }
}
