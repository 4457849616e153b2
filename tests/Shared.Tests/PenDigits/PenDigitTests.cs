using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Shared.Tests.PenDigits;

public sealed class PenDigitTests
{
    private static PenDigit Digit(params (float X, float Y)[][] strokes) =>
        new(0, 1, null, "0", 1, strokes.Select(s => (IReadOnlyList<StrokePoint>)s.Select(p => new StrokePoint(p.X, p.Y)).ToArray()).ToArray());

    [Fact]
    public void The_longer_side_fills_seventy_percent_of_the_pad_centred_with_the_default_pen()
    {
        // A tall "1": 100 tablet units high, 20 wide, drawn from the top (y = 300) down (y = 200).
        var drawing = Digit([(100, 300), (120, 200)]).ToDrawing();

        Assert.Equal(DrawingPadGeometry.CanvasSide, drawing.Width);
        Assert.Equal(DrawingPadGeometry.CanvasSide, drawing.Height);
        var stroke = Assert.Single(drawing.Strokes);
        Assert.Equal(DrawingPadGeometry.DefaultPenWidth, stroke.Width);

        // 196 px = 0.7 * 280 for 100 units: 1.96 px a unit; the box's centre lands on the pad's (140, 140).
        Assert.Equal(140 - 10 * 1.96f, stroke.Points[0].X, 1e-3f);
        Assert.Equal(140 + 10 * 1.96f, stroke.Points[1].X, 1e-3f);
        Assert.Equal(42f, stroke.Points[0].Y, 1e-3f);
        Assert.Equal(238f, stroke.Points[1].Y, 1e-3f);
    }

    [Fact]
    public void The_y_axis_is_flipped_so_the_top_of_the_tablet_is_the_top_of_the_pad()
    {
        // A "7": the bar at the tablet's top (large y), the stem going down to small y.
        var drawing = Digit([(0, 100), (60, 100), (20, 0)]).ToDrawing();

        var points = drawing.Strokes[0].Points;
        Assert.True(points[0].Y < points[2].Y, "the bar must be above the stem's end on the pad");
        Assert.Equal(points[0].Y, points[1].Y);
    }

    [Fact]
    public void Several_strokes_keep_their_relative_positions_and_a_pen_width_can_be_chosen()
    {
        var drawing = Digit([(0, 0), (0, 50)], [(-25, 25), (25, 25)]).ToDrawing(penWidth: 12);

        Assert.Equal(2, drawing.Strokes.Count);
        Assert.All(drawing.Strokes, s => Assert.Equal(12f, s.Width));
        Assert.Equal(140f, drawing.Strokes[1].Points[0].Y, 1e-3f);
        Assert.Equal(140f - 98f, drawing.Strokes[1].Points[0].X, 1e-3f);
        Assert.Equal(140f, drawing.Strokes[0].Points[0].X, 1e-3f);
    }

    [Fact]
    public void A_single_point_becomes_a_dot_in_the_middle_of_the_pad()
    {
        var drawing = Digit([(7, 7)]).ToDrawing();

        Assert.Equal(new StrokePoint(140, 140), Assert.Single(Assert.Single(drawing.Strokes).Points));
    }

    [Fact]
    public void Every_real_digit_becomes_a_drawing_the_pad_accepts_and_preprocessing_inks()
    {
        foreach (var digit in UnipenReader.ReadFile(UnipenReaderTests.ExcerptPath))
        {
            var drawing = digit.ToDrawing();
            DrawingLimits.Validate(drawing);
            var points = drawing.Strokes.SelectMany(s => s.Points).ToArray();
            Assert.Equal(0.7f * 280, MathF.Max(points.Max(p => p.X) - points.Min(p => p.X), points.Max(p => p.Y) - points.Min(p => p.Y)), 1e-2f);
            Assert.False(DigitPreprocessor.Preprocess(drawing).IsBlank);
        }
    }
}
