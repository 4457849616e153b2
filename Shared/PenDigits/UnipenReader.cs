using System.Globalization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.PenDigits;

/// <summary>
/// Reads digits from a UNIPEN pen-trajectory file: a header of keyword lines, then for each digit a
/// <c>.SEGMENT DIGIT &lt;ref&gt; &lt;quality&gt; "&lt;label&gt;"</c> line followed by its strokes, each
/// <c>.PEN_DOWN</c>, one "x y" point per line, <c>.PEN_UP</c>. A <c>.COMMENT label writer n</c> line
/// right after the segment (as the UCI pen-digit files have) gives the writer, and its label is
/// checked against the segment's (the third number is not a point count and is not used). Other keywords (<c>.INCLUDE</c>, <c>.LEXICON</c>, <c>.DT</c>, ...) are skipped.
/// Anything malformed is a <see cref="DataFileException"/> with the file and line.
/// </summary>
public static class UnipenReader
{
    /// <summary>Larger files are refused before reading: 4 writers' 999 digits take 0.5 MB.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>No recorded digit has nearly this many points; more means the file is not what it claims.</summary>
    public const int MaxPointsPerDigit = 100_000;

    public static IReadOnlyList<PenDigit> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new DataFileException(path, "the file does not exist");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new DataFileException(path, $"the file has {info.Length:N0} bytes; pen-digit files of up to {MaxFileBytes:N0} bytes are read");
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <param name="source">The name used in error messages, usually the file's path.</param>
    public static IReadOnlyList<PenDigit> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parser = new Parser(source);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            parser.Take(line, ++lineNumber);
        }

        return parser.Finish(lineNumber);
    }

    private sealed class Parser(string source)
    {
        private readonly List<PenDigit> digits = [];
        private SegmentInProgress? segment;
        private List<StrokePoint>? stroke;
        private int strokeLine;

        public void Take(string rawLine, int line)
        {
            var text = rawLine.Trim();
            if (text.Length == 0)
            {
                return;
            }

            if (text[0] != '.')
            {
                TakePoint(text, line);
                return;
            }

            var keyword = FirstToken(text);
            if (stroke is not null && keyword != ".PEN_UP")
            {
                throw Error(line, $"'{QuotedText.Of(keyword)}' inside the stroke begun at line {strokeLine}: a stroke ends with .PEN_UP before anything else");
            }

            switch (keyword)
            {
                case ".SEGMENT":
                    FinishSegment(line);
                    segment = ParseSegment(text, line);
                    break;
                case ".COMMENT":
                    segment?.TakeComment(text, line, this);
                    break;
                case ".PEN_DOWN":
                    if (segment is null)
                    {
                        throw Error(line, ".PEN_DOWN before any .SEGMENT: every stroke must belong to a digit");
                    }

                    stroke = [];
                    strokeLine = line;
                    break;
                case ".PEN_UP":
                    if (stroke is null)
                    {
                        throw Error(line, ".PEN_UP without a .PEN_DOWN before it");
                    }

                    if (stroke.Count == 0)
                    {
                        throw Error(line, $"the stroke begun at line {strokeLine} has no points");
                    }

                    segment!.Strokes.Add(stroke.ToArray());
                    stroke = null;
                    break;
                default:
                    break; // header and timing keywords carry nothing a drawing needs
            }
        }

        public IReadOnlyList<PenDigit> Finish(int lastLine)
        {
            if (stroke is not null)
            {
                throw Error(lastLine, $"the file ends inside the stroke begun at line {strokeLine} (no .PEN_UP): it may be truncated");
            }

            FinishSegment(lastLine);
            if (digits.Count == 0)
            {
                throw new DataFileException(source, "no digits: a UNIPEN digit file has '.SEGMENT DIGIT ... \"<digit>\"' blocks of .PEN_DOWN/.PEN_UP strokes");
            }

            return digits;
        }

        public DataFileException Error(int line, string problem) => new(source, problem, line);

        private void TakePoint(string text, int line)
        {
            if (stroke is null)
            {
                throw Error(line, $"'{QuotedText.Of(text)}' is outside a stroke: points belong between .PEN_DOWN and .PEN_UP");
            }

            var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !TryParseCoordinate(parts[0], out var x) || !TryParseCoordinate(parts[1], out var y))
            {
                throw Error(line, $"'{QuotedText.Of(text)}' is not a point: expected two numbers, x and y");
            }

            if (segment!.PointCount + stroke.Count >= MaxPointsPerDigit)
            {
                throw Error(line, $"the digit of line {segment.Line} has more than {MaxPointsPerDigit:N0} points");
            }

            stroke.Add(new StrokePoint(x, y));
        }

        private SegmentInProgress ParseSegment(string text, int line)
        {
            // .SEGMENT <level> <reference> <quality> "<label>"
            var quote = text.IndexOf('"');
            var closing = quote < 0 ? -1 : text.IndexOf('"', quote + 1);
            if (closing < 0)
            {
                throw Error(line, "the .SEGMENT line has no label in double quotes (expected e.g. .SEGMENT DIGIT 6-7 ? \"4\")");
            }

            var label = text[(quote + 1)..closing];
            var fields = text[..quote].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !string.Equals(fields[1], "DIGIT", StringComparison.OrdinalIgnoreCase))
            {
                throw Error(line, $"only DIGIT segments are read; this one is '{QuotedText.Of(fields.Length > 1 ? fields[1] : "")}'");
            }

            if (label.Length != 1 || label[0] < '0' || label[0] > '9')
            {
                throw Error(line, $"the label \"{QuotedText.Of(label)}\" is not a single digit 0-9");
            }

            return new SegmentInProgress(label[0] - '0', fields.Length > 2 ? fields[2] : "", line);
        }

        private void FinishSegment(int line)
        {
            if (segment is null)
            {
                return;
            }

            if (segment.Strokes.Count == 0)
            {
                throw Error(line, $"the digit of line {segment.Line} has no strokes");
            }

            digits.Add(new PenDigit(digits.Count, segment.Label, segment.Writer, segment.Reference, segment.Line, segment.Strokes.ToArray()));
            segment = null;
        }

        private static bool TryParseCoordinate(string text, out float value) =>
            float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value)
            && MathF.Abs(value) < 1e7f;

        private static string FirstToken(string text)
        {
            var end = text.IndexOfAny([' ', '\t']);
            return (end < 0 ? text : text[..end]).ToUpperInvariant();
        }

    }

    private sealed class SegmentInProgress(int label, string reference, int line)
    {
        public int Label { get; } = label;
        public string Reference { get; } = reference;
        public int Line { get; } = line;
        public List<IReadOnlyList<StrokePoint>> Strokes { get; } = [];
        public int? Writer { get; private set; }
        public int PointCount => Strokes.Sum(s => s.Count);

        /// <summary>
        /// The UCI files' ".COMMENT label writer n" before the first stroke; any other comment is
        /// free text and ignored.
        /// </summary>
        public void TakeComment(string text, int line, Parser parser)
        {
            if (Strokes.Count > 0)
            {
                return;
            }

            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var label)
                || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var writer)
                || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return;
            }

            if (label != Label)
            {
                throw parser.Error(line, $"the comment gives label {label} but the segment of line {Line} says \"{Label}\"");
            }

            Writer = writer;
        }
    }
}
