using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class StrokeRasterizerTests
{
    private static StrokeDrawing Drawing(int width, int height, params Stroke[] strokes) => new(width, height, strokes);

    private static Stroke Line(float width, params (float X, float Y)[] points) =>
        new(points.Select(p => new StrokePoint(p.X, p.Y)).ToArray(), width);

    [Fact]
    public void A_horizontal_stroke_covers_its_rows_fully_and_its_edges_by_half()
    {
        // Pen 3 px wide along y = 20 from x = 10 to 50: pixel centres 0.5 px from the path are inside,
        // those 1.5 px away sit exactly on the pen's edge (half covered), 2.5 px away are outside.
        var image = StrokeRasterizer.Rasterize(Drawing(64, 40, Line(3f, (10, 20), (50, 20))));

        for (var x = 10; x < 50; x++)
        {
            Assert.Equal(0f, image[x, 17]);
            Assert.Equal(0.5f, image[x, 18], 1e-6f);
            Assert.Equal(1f, image[x, 19]);
            Assert.Equal(1f, image[x, 20]);
            Assert.Equal(0.5f, image[x, 21], 1e-6f);
            Assert.Equal(0f, image[x, 22]);
        }

        // Round cap beyond the end: centre (50.5, 19.5) is 0.71 px from the end point -> full;
        // (51.5, 19.5) is sqrt(1.5^2 + 0.5^2) = 1.581 px away -> 2 - 1.581 = 0.419.
        Assert.Equal(1f, image[50, 19]);
        Assert.Equal(2f - MathF.Sqrt(2.5f), image[51, 19], 1e-5f);
        Assert.Equal(0f, image[53, 19]);
        Assert.Equal(0f, image[6, 20]);

        // Nothing else is inked: 40 px * (1 + 1 + 0.5 + 0.5) for the body plus two half-disc caps
        // of radius 1.5, together pi * 1.5^2 = 7.07.
        Assert.Equal(40 * 3 + Math.PI * 1.5 * 1.5, ImageMeasure.Sum(image.Ink), 0.5);
    }

    [Fact]
    public void A_single_point_is_a_round_dot_of_the_pen_width()
    {
        const float penWidth = 8f;
        var image = StrokeRasterizer.Rasterize(Drawing(30, 30, Line(penWidth, (15, 15))));

        Assert.Equal(1f, image[14, 14]);
        Assert.Equal(1f, image[15, 15]);
        // Pixel 10's centre is sqrt(4.5^2 + 0.5^2) = 4.53 px from the point, beyond radius + 0.5.
        Assert.Equal(new PixelBox(11, 11, 8, 8), ImageMeasure.Bounds(image.Ink, 30));
        // The coverage integrates to the disc's area, pi * r^2 = 50.27 px.
        Assert.Equal(Math.PI * 16, ImageMeasure.Sum(image.Ink), 0.02 * Math.PI * 16);
        // Symmetric about the point.
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 30; x++)
            {
                Assert.Equal(image[x, y], image[29 - x, y], 1e-5f);
                Assert.Equal(image[x, y], image[y, x], 1e-5f);
            }
        }
    }

    [Fact]
    public void Overlapping_segments_and_strokes_never_exceed_full_ink()
    {
        var image = StrokeRasterizer.Rasterize(Drawing(40, 40,
            Line(6f, (5, 5), (35, 35), (5, 35), (35, 5)),
            Line(6f, (20, 2), (20, 38))));

        Assert.All(image.Ink, value => Assert.InRange(value, 0f, 1f));
        Assert.Equal(1f, image[19, 19]);
    }

    [Fact]
    public void Strokes_running_off_the_canvas_are_clipped()
    {
        var image = StrokeRasterizer.Rasterize(Drawing(20, 10, Line(4f, (-15, 5), (35, 5))));

        Assert.Equal(1f, image[0, 4]);
        Assert.Equal(1f, image[19, 5]);
        Assert.Equal(20 * 4f, ImageMeasure.Sum(image.Ink), 1e-3);
    }

    [Fact]
    public void An_empty_drawing_is_an_empty_image()
    {
        var image = StrokeRasterizer.Rasterize(Drawing(7, 5));

        Assert.Equal(35, image.Ink.Length);
        Assert.All(image.Ink, value => Assert.Equal(0f, value));
    }

    public static TheoryData<StrokeDrawing, string> InvalidDrawings() => new()
    {
        { Drawing(0, 280), "\"width\" is 0; it must be a whole number from 1 to 4096" },
        { Drawing(280, 5000), "\"height\" is 5000" },
        { Drawing(280, 280, Line(10f, (1, 1)), Line(0f, (2, 2))), "strokes[1].width is 0; it must be above 0 and at most 1024" },
        { Drawing(280, 280, Line(float.NaN, (1, 1))), "strokes[0].width is NaN" },
        { Drawing(280, 280, Line(2000f, (1, 1))), "strokes[0].width is 2000" },
        { Drawing(280, 280, Line(10f, (1, 1)), Line(10f)), "strokes[1] has no points" },
        { Drawing(280, 280, Line(10f, (1, 1)), Line(10f, (1, 1), (2, 2), (float.NaN, 3))), "strokes[1].points[2]: x is NaN, not a finite number" },
        { Drawing(280, 280, Line(10f, (1, float.PositiveInfinity))), "strokes[0].points[0]: y is Infinity, not a finite number" },
        { Drawing(280, 280, Line(10f, (1, 1), (1e9f, 1))), "strokes[0].points[1] is (1E+09, 1), too far outside the 280x280 canvas (allowed: x -280..560, y -280..560)" },
        { new StrokeDrawing(280, 280, [Line(10f, (1, 1)), null!]), "strokes[1] is null" },
        { new StrokeDrawing(280, 280, null!), "strokes is null" },
        { Drawing(280, 280, [.. Enumerable.Repeat(Line(1f, (1, 1)), StrokeRasterizer.MaxStrokes + 1)]), "1001 strokes" },
    };

    [Theory]
    [MemberData(nameof(InvalidDrawings))]
    public void Invalid_drawings_are_rejected_naming_what_and_where(StrokeDrawing drawing, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => StrokeRasterizer.Rasterize(drawing));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Too_many_points_in_total_are_rejected()
    {
        var points = Enumerable.Range(0, StrokeRasterizer.MaxTotalPoints / 2 + 1).Select(i => new StrokePoint(i % 100, 5)).ToArray();
        var drawing = Drawing(100, 100, new Stroke(points, 2f), new Stroke(points, 2f));

        var error = Assert.Throws<ArgumentException>(() => StrokeRasterizer.Rasterize(drawing));
        Assert.Contains($"more than {StrokeRasterizer.MaxTotalPoints} points", error.Message);
        Assert.Contains("reached at strokes[1]", error.Message);
    }
}
