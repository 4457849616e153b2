using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Shared.Tests.PenDigits;

public sealed class UnipenReaderTests
{
    public static string ExcerptPath => Path.Combine(AppContext.BaseDirectory, "PenDigits", "TestData", "pen-digits-excerpt.tes");

    private static IReadOnlyList<PenDigit> Read(string text) => UnipenReader.Read(new StringReader(text), "digits.tes");

    private static DataFileException Refused(string text) => Assert.Throws<DataFileException>(() => Read(text));

    [Fact]
    public void Reads_every_digit_of_a_real_file_with_its_label_writer_and_strokes()
    {
        var digits = UnipenReader.ReadFile(ExcerptPath);

        Assert.Equal(20, digits.Count);
        Assert.Equal(Enumerable.Range(0, 20), digits.Select(d => d.Index));
        Assert.All(Enumerable.Range(0, 10), digit => Assert.Equal(2, digits.Count(d => d.Label == digit)));

        var first = digits[0];
        Assert.Equal(4, first.Label);
        Assert.Equal(1, first.Writer);
        Assert.Equal("6-7", first.Segment);
        Assert.Equal(6, first.Line);
        Assert.Equal(62, first.PointCount);
        Assert.Equal(2, first.Strokes.Count);
        Assert.Equal(new StrokePoint(229, 377), first.Strokes[0][0]);
        Assert.Equal(new StrokePoint(233, 379), first.Strokes[0][1]);
    }

    [Fact]
    public void Skips_header_keywords_timing_lines_and_free_text_comments()
    {
        var digits = Read("""
            .VERSION 1.0
            .X_DIM 500
            .SEGMENT DIGIT 0 ? "7"
            .COMMENT written slowly
            .PEN_DOWN
            10 20
            30 40.5
            .PEN_UP
            .DT 100
            .PEN_DOWN
            1 2
            .PEN_UP
            """);

        var digit = Assert.Single(digits);
        Assert.Equal(7, digit.Label);
        Assert.Null(digit.Writer);
        Assert.Equal([2, 1], digit.Strokes.Select(s => s.Count));
        Assert.Equal(40.5f, digit.Strokes[0][1].Y);
    }

    [Theory]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10 20\n.PEN_UP\n.SEGMENT DIGIT 1 ? \"x\"\n", 5, "is not a single digit")]
    [InlineData(".SEGMENT DIGIT 0 ? 7\n", 1, "no label in double quotes")]
    [InlineData(".SEGMENT WORD 0 ? \"7\"\n", 1, "only DIGIT segments")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10 twenty\n.PEN_UP\n", 3, "is not a point")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10\n.PEN_UP\n", 3, "is not a point")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n10 20\n", 2, "outside a stroke")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\ngarbage\u0000\u0001\n", 2, "'garbage\\u0000\\u0001' is outside a stroke")]
    [InlineData(".PEN_DOWN\n10 20\n.PEN_UP\n", 1, "before any .SEGMENT")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_UP\n", 2, ".PEN_UP without a .PEN_DOWN")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n.PEN_UP\n", 3, "has no points")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10 20\n.PEN_DOWN\n", 4, "inside the stroke begun at line 2")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10 20\n11 21\n", 4, "ends inside the stroke begun at line 2")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.SEGMENT DIGIT 1 ? \"3\"\n", 2, "has no strokes")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.COMMENT 3 1 1\n.PEN_DOWN\n10 20\n.PEN_UP\n", 2, "gives label 3")]
    [InlineData(".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\nNaN 20\n.PEN_UP\n", 3, "is not a point")]
    public void A_malformed_file_is_refused_with_its_line_and_what_is_wrong(string text, int line, string problem)
    {
        var error = Refused(text);

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith($"digits.tes line {line}: ", error.Message);
    }

    [Fact]
    public void A_file_without_digits_is_refused()
    {
        var error = Refused(".INCLUDE dene.doc\n.LEXICON \"0\" \"1\"\n");

        Assert.Null(error.Line);
        Assert.Contains("no digits", error.Message);
    }

    [Fact]
    public void A_truncated_copy_of_the_real_file_is_refused_at_the_cut()
    {
        var lines = File.ReadAllLines(ExcerptPath);
        var cut = string.Join('\n', lines.Take(40));

        var error = Refused(cut);

        Assert.Equal(40, error.Line);
        Assert.Contains("ends inside the stroke", error.Problem);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.tes");

        var error = Assert.Throws<DataFileException>(() => UnipenReader.ReadFile(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains("does not exist", error.Message);
    }
}
