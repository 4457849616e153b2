using System.Text;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// The Kaggle "Digit Recognizer" CSV files: train.csv (<c>label,pixel0..pixel783</c>), test.csv
/// (<c>pixel0..pixel783</c>) and submission.csv (<c>ImageId,Label</c>, ImageId from 1).
/// Lines are numbered from 1, the header being line 1.
/// </summary>
public static class KaggleCsv
{
    private const int Pixels = MnistGeometry.PixelCount;
    public const string SubmissionHeader = "ImageId,Label";

    public static string TrainHeader { get; } = "label," + PixelHeader();
    public static string TestHeader { get; } = PixelHeader();

    public static LabeledImages ReadTrain(string path) => Read(path, labeled: true);

    public static LabeledImages ReadTest(string path) => Read(path, labeled: false);

    public static void WriteTrain(string path, LabeledImages images)
    {
        if (images.Labels is null)
        {
            throw new ArgumentException("A train.csv needs labelled images.", nameof(images));
        }

        Write(path, images, TrainHeader, images.Labels);
    }

    public static void WriteTest(string path, LabeledImages images) => Write(path, images, TestHeader, labels: null);

    public static void WriteSubmission(string path, IReadOnlyList<int> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is < 0 or > 9)
            {
                throw new ArgumentException($"Prediction {labels[i]} for ImageId {i + 1} is outside 0..9.", nameof(labels));
            }
        }

        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            writer.WriteLine(SubmissionHeader);
            for (var i = 0; i < labels.Count; i++)
            {
                writer.Write(i + 1);
                writer.Write(',');
                writer.WriteLine(labels[i]);
            }
        });
    }

    /// <summary>Reads a submission back; ImageIds must count 1, 2, 3, ... in order.</summary>
    public static IReadOnlyList<int> ReadSubmission(string path)
    {
        var labels = new List<int>();
        using var reader = OpenText(path);
        var header = reader.ReadLine();
        if (header?.TrimEnd('\r') != SubmissionHeader)
        {
            throw new DataFileException(path, $"has header '{Shorten(header)}'; a submission starts with '{SubmissionHeader}'.", line: 1, field: "header");
        }

        var fields = new int[2];
        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (IsBlankTail(reader, line, path, lineNumber))
            {
                break;
            }

            ParseFields(path, lineNumber, line.AsSpan().TrimEnd('\r'), fields, i => i == 0 ? "ImageId" : "Label", i => i == 0 ? int.MaxValue : 9);
            if (fields[0] != labels.Count + 1)
            {
                throw new DataFileException(path, $"ImageId {fields[0]} is out of order; expected {labels.Count + 1}.", lineNumber, "ImageId");
            }

            labels.Add(fields[1]);
        }

        return labels;
    }

    private static LabeledImages Read(string path, bool labeled)
    {
        var expectedHeader = labeled ? TrainHeader : TestHeader;
        var columns = labeled ? Pixels + 1 : Pixels;
        using var reader = OpenText(path);
        var header = reader.ReadLine();
        if (header is null)
        {
            throw new DataFileException(path, "is empty; expected a header line.", line: 1, field: "header");
        }

        if (header.TrimEnd('\r').TrimStart('\uFEFF') != expectedHeader)
        {
            var expectedStart = labeled ? "label,pixel0,...,pixel783" : "pixel0,...,pixel783";
            throw new DataFileException(
                path,
                $"has header '{Shorten(header)}'; a Kaggle {(labeled ? "train" : "test")}.csv header is '{expectedStart}' ({columns} columns).",
                line: 1, field: "header");
        }

        var pixels = new List<byte>(capacity: 1 << 20);
        var labels = labeled ? new List<byte>() : null;
        var fields = new int[columns];
        var labelColumns = labeled ? 1 : 0;
        long lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (IsBlankTail(reader, line, path, lineNumber))
            {
                break;
            }

            ParseFields(
                path, lineNumber, line.AsSpan().TrimEnd('\r'), fields,
                i => i < labelColumns ? "label" : $"pixel{i - labelColumns}",
                i => i < labelColumns ? 9 : 255);
            labels?.Add((byte)fields[0]);
            for (var i = labelColumns; i < columns; i++)
            {
                pixels.Add((byte)fields[i]);
            }
        }

        return new LabeledImages(pixels.ToArray(), labels?.ToArray());
    }

    /// <summary>
    /// A blank line is allowed only at the very end of the file (a trailing newline); one in the
    /// middle is an error.
    /// </summary>
    private static bool IsBlankTail(StreamReader reader, string line, string path, long lineNumber)
    {
        if (line.AsSpan().Trim().Length != 0)
        {
            return false;
        }

        while (reader.ReadLine() is { } next)
        {
            if (next.AsSpan().Trim().Length != 0)
            {
                throw new DataFileException(path, "is an empty line in the middle of the data.", lineNumber);
            }
        }

        return true;
    }

    private static void ParseFields(
        string path, long lineNumber, ReadOnlySpan<char> line, int[] fields, Func<int, string> columnName, Func<int, int> maximum)
    {
        var column = 0;
        var rest = line;
        while (true)
        {
            var comma = rest.IndexOf(',');
            var text = comma < 0 ? rest : rest[..comma];
            if (column < fields.Length)
            {
                fields[column] = ParseValue(path, lineNumber, text, columnName(column), maximum(column));
            }

            column++;
            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        if (column != fields.Length)
        {
            throw new DataFileException(path, $"has {column} columns; expected {fields.Length}.", lineNumber, "columns");
        }
    }

    private static int ParseValue(string path, long lineNumber, ReadOnlySpan<char> text, string column, int maximum)
    {
        var digits = text.Trim();
        if (digits.IsEmpty)
        {
            throw new DataFileException(path, "is empty; expected a whole number.", lineNumber, column);
        }

        var value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                throw new DataFileException(path, $"value '{Shorten(text.ToString())}' is not a whole number.", lineNumber, column);
            }

            value = value * 10 + (c - '0');
            if (value > maximum)
            {
                throw new DataFileException(path, $"value '{Shorten(text.ToString())}' is outside 0..{maximum}.", lineNumber, column);
            }
        }

        return value;
    }

    private static void Write(string path, LabeledImages images, string header, byte[]? labels) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            writer.WriteLine(header);
            var line = new StringBuilder(Pixels * 4 + 4);
            for (var i = 0; i < images.Count; i++)
            {
                line.Clear();
                if (labels is not null)
                {
                    line.Append(labels[i]).Append(',');
                }

                var image = images.ImageBytes(i);
                for (var p = 0; p < image.Length; p++)
                {
                    if (p > 0)
                    {
                        line.Append(',');
                    }

                    line.Append(image[p]);
                }

                writer.WriteLine(line);
            }
        });

    private static StreamReader OpenText(string path)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(path, $"cannot be read: {e.Message}", innerException: e);
        }
    }

    private static string PixelHeader() => string.Join(',', Enumerable.Range(0, Pixels).Select(i => $"pixel{i}"));

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= 40 ? text : text[..37] + "...";
}
