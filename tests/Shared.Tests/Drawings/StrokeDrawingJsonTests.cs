using System.Text.Json;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Drawings;

public sealed class StrokeDrawingJsonTests
{
    private static readonly StrokeJsonLimits Limits = new(MaxSide: 4096, MaxStrokes: 3, MaxPoints: 5);

    private static StrokeDrawing Read(string json, StrokeJsonLimits? limits = null)
    {
        using var document = JsonDocument.Parse(json);
        return StrokeDrawingJson.Read(document.RootElement, limits ?? Limits);
    }

    [Fact]
    public void A_drawing_reads_back_as_it_was_written()
    {
        var json = StrokeDrawingJson.Serialize(SampleStrokes.Seven);

        foreach (var drawing in new[] { Read(json), StrokeDrawingJson.ReadSaved(json) })
        {
            Assert.Equal((280, 280), (drawing.Width, drawing.Height));
            Assert.Equal(SampleStrokes.Seven.Strokes.Select(s => s.Width), drawing.Strokes.Select(s => s.Width));
            Assert.Equal(SampleStrokes.Seven.Strokes.SelectMany(s => s.Points), drawing.Strokes.SelectMany(s => s.Points));
        }
    }

    public static TheoryData<string, string> MalformedDrawings => new()
    {
        { """[1, 2]""", "A drawing must be an object with \"width\", \"height\" and \"strokes\"; it is an array of 2." },
        { """{"height": 280, "strokes": []}""", "A drawing needs \"width\"" },
        { """{"width": 280.5, "height": 280, "strokes": []}""", "\"width\" is 280.5; it must be a whole number from 1 to 4096." },
        { """{"width": 280, "height": 5000, "strokes": []}""", "\"height\" is 5000; it must be a whole number from 1 to 4096." },
        { """{"width": 280, "height": 280}""", "A drawing needs \"strokes\"" },
        { """{"width": 280, "height": 280, "strokes": {}}""", "\"strokes\" must be an array of strokes; it is an object." },
        { """{"width": 280, "height": 280, "strokes": [1]}""", "strokes[0] must be an object with \"width\" and \"points\"; it is 1." },
        { """{"width": 280, "height": 280, "strokes": [{"points": [[1, 2]]}]}""", "strokes[0] has no \"width\"" },
        { """{"width": 280, "height": 280, "strokes": [{"width": "wide", "points": [[1, 2]]}]}""", "strokes[0].width is the string \"wide\", not a number." },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, 2]]}, {"width": 5}]}""", "strokes[1].points must be a non-empty array of [x, y] pairs." },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, 2], [3]]}]}""", "strokes[0].points[1] must be an [x, y] pair; it is an array of 1." },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, 2], [3, 4, 5]]}]}""", "strokes[0].points[1] must be an [x, y] pair; it is an array of 3." },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, 2], [3, null]]}]}""", "strokes[0].points[1][1] is null, not a number." },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [["x", 2]]}]}""", "strokes[0].points[0][0] is the string \"x\", not a number." },
        { """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1e300, 2]]}]}""", "strokes[0].points[0][0] is 1e300, not a finite number." },
    };

    [Theory]
    [MemberData(nameof(MalformedDrawings))]
    public void Malformed_drawings_are_refused_saying_what_is_wrong_and_where(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Read(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Counts_beyond_the_limits_are_refused_before_the_points_are_read()
    {
        var tooManyStrokes = """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, 2]]}, 1, 2, 3]}""";
        Assert.Equal("\"strokes\" has 4 strokes; at most 3 are accepted.", Assert.Throws<FormatException>(() => Read(tooManyStrokes)).Message);

        // The second stroke's points are not numbers: the count refuses it first.
        var tooManyPoints = """{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, 2], [3, 4]]}, {"width": 5, "points": [0, 0, 0, 0]}]}""";
        Assert.Contains("more than 5 points", Assert.Throws<FormatException>(() => Read(tooManyPoints)).Message);
    }

    [Fact]
    public void The_reader_checks_shape_only_and_leaves_acceptability_to_the_drawing_limits()
    {
        var drawing = Read("""{"width": 280, "height": 280, "strokes": [{"width": 300, "points": [[900, 10]]}]}""");

        var error = Assert.Throws<ArgumentException>(() => DrawingLimits.Validate(drawing));
        Assert.StartsWith("strokes[0].width is 300; it must be above 0 and at most 40", error.Message);
    }

    [Fact]
    public void Saved_drawings_may_have_strokes_without_points_and_exceed_todays_limits()
    {
        var points = string.Join(", ", Enumerable.Range(0, DrawingLimits.MaxTotalPoints + 1).Select(i => $"[{i % 280}, 5]"));
        var json = $$"""{"width": 5000, "height": 280, "strokes": [{"width": 5, "points": []}, {"width": 900, "points": [{{points}}]}]}""";

        var drawing = StrokeDrawingJson.ReadSaved(json);

        Assert.Equal(5000, drawing.Width);
        Assert.Empty(drawing.Strokes[0].Points);
        Assert.Equal(DrawingLimits.MaxTotalPoints + 1, drawing.Strokes[1].Points.Count);
        Assert.Throws<FormatException>(() => Read(json, StrokeJsonLimits.Default));
    }

    [Theory]
    [InlineData("""{"width": 280, "height": 280, "strokes": [{"width": 5, "points": [[1, "2"]]}]}""", "strokes[0].points[0][1] is the string \"2\", not a number.")]
    [InlineData("""{"width": 280, "height": 280, "strokes": [{"width": 5}]}""", "strokes[0].points must be an array of [x, y] pairs.")]
    [InlineData("""{"width": 280, "height": 280, "strokes": [""", "The strokes JSON is not valid JSON")]
    public void Saved_drawings_are_held_to_the_same_shape(string json, string expected)
    {
        Assert.Contains(expected, Assert.Throws<FormatException>(() => StrokeDrawingJson.ReadSaved(json)).Message);
    }
}
