using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class TouchingCutsTests
{
    private const float Pen = DrawingPadGeometry.DefaultPenWidth;

    /// <summary>A wide U: one piece of ink, much wider than tall, that no gap or join parts.</summary>
    internal static readonly StrokeDrawing WideU = new(400, 280,
        [new Stroke([new(60, 60), new(60, 200), new(100, 230), new(300, 230), new(340, 200), new(340, 60)], Pen)]);

    [Fact]
    public void The_cut_is_tried_where_the_least_ink_joins_two_blocks_and_no_closer_to_an_end_than_a_narrow_digit()
    {
        // Two blocks 12 px wide and 30 px tall, joined by a bar 2 px thin over columns 12-17.
        const int width = 30, height = 30;
        var ink = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                ink[y * width + x] = x < 12 || x >= 18 || y is 14 or 15 ? 1f : 0f;
            }
        }

        var columns = TouchingCuts.Columns(ink, width, new PixelBox(0, 0, width, height), noiseLevel: 0.05f);

        Assert.InRange(columns[0], 13, 16);
        Assert.InRange(columns.Count, 1, TouchingCuts.MostCutsTried);
        var apart = (int)Math.Ceiling(TouchingCuts.MinSideShare * height);
        Assert.All(columns, column => Assert.InRange(column, apart, width - apart - 1));
        Assert.All(columns, column => Assert.DoesNotContain(columns, other => other != column && Math.Abs(other - column) < apart));
    }

    [Fact]
    public void Ink_too_narrow_to_leave_a_digit_either_side_has_no_cut()
    {
        var ink = Enumerable.Repeat(1f, 4 * 30).ToArray();

        Assert.Empty(TouchingCuts.Columns(ink, 4, new PixelBox(0, 0, 4, 30), noiseLevel: 0.05f));
    }

    [Fact]
    public void An_image_wide_for_one_digit_has_cuts_to_try_left_to_right_each_side_read_as_a_digit_of_its_own()
    {
        var image = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(WideU));

        Assert.Equal(1, image.SideBySideParts);
        Assert.InRange(image.CutsToTry.Count, 2, TouchingCuts.MostCutsTried);
        Assert.Equal(image.CutsToTry.Select(c => c.Column).Order(), image.CutsToTry.Select(c => c.Column));
        Assert.All(image.CutsToTry, cut =>
        {
            Assert.False(cut.Left.IsBlank);
            Assert.False(cut.Right.IsBlank);
            Assert.True(cut.Left.SourceBounds.Right <= cut.Column, "the left side ends before the cut");
            Assert.True(cut.Right.SourceBounds.X >= cut.Column, "the right side starts at the cut");
            Assert.Equal(MnistGeometry.PixelCount, cut.Left.Pixels.Length);
        });
    }

    [Fact]
    public void A_drawing_a_narrow_image_and_a_number_whose_digits_stand_apart_have_no_cuts_to_try()
    {
        var ten = new StrokeDrawing(420, 280,
            [new Stroke([new(60, 60), new(60, 220)], Pen), new Stroke([new(150, 60), new(230, 60), new(230, 220), new(150, 220), new(150, 60)], Pen)]);

        Assert.Empty(DigitPreprocessor.Preprocess(WideU).CutsToTry); // its strokes tell the parts apart
        Assert.Empty(DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(DrawingPadGeometry.TypicalSeven)).CutsToTry);
        var number = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(ten));
        Assert.Equal(2, number.Digits.Count);
        Assert.Empty(number.CutsToTry);
    }

    [Fact]
    public void Cut_in_two_the_image_is_a_number_of_the_two_sides_parted_where_touching()
    {
        var image = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(WideU));
        var cut = image.CutsToTry[0];

        var number = image.CutInTwo(cut);

        Assert.Equal([cut.Left, cut.Right], number.Digits);
        Assert.Equal(2, number.SideBySideParts);
        Assert.True(number.PartedWhereTouching);
        Assert.False(number.IsWiderThanADigit);
        Assert.Empty(number.CutsToTry);
        Assert.Equal(image.Pixels, number.Pixels);
        Assert.False(image.PartedWhereTouching); // the image itself is unchanged
        Assert.Equal(1, image.SideBySideParts);
    }

    [Fact]
    public void A_cut_of_another_image_is_refused()
    {
        var image = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(WideU));
        var other = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(WideU));

        Assert.Throws<ArgumentException>(() => image.CutInTwo(other.CutsToTry[0]));
    }

    [Fact]
    public void In_a_number_in_an_image_only_the_widest_digits_wide_for_one_have_cuts_to_try()
    {
        // "1" then four wide Us, each wider than the one before, the parts apart.
        var strokes = new List<Stroke> { new([new(40, 60), new(40, 230)], Pen) };
        var left = 100f;
        foreach (var width in new[] { 200f, 210f, 220f, 230f })
        {
            strokes.Add(new Stroke([new(left, 60), new(left, 200), new(left + 30, 230), new(left + width - 30, 230), new(left + width, 200), new(left + width, 60)], Pen));
            left += width + 60;
        }

        var number = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(new StrokeDrawing((int)left + 40, 280, strokes)));

        Assert.Equal(5, number.Digits.Count);
        Assert.Equal([false, false, true, true, true], number.Digits.Select(digit => digit.CutsToTry.Count > 0));
        Assert.Equal(3, TouchingCuts.MostPartsCut);
    }

    [Fact]
    public void Ink_taller_than_the_cut_height_is_cut_from_a_reduced_copy_placed_back_in_the_image()
    {
        // The wide U three times as large: its ink is over 512 px tall.
        var large = new StrokeDrawing(1200, 840,
            [new Stroke(WideU.Strokes[0].Points.Select(p => new StrokePoint(p.X * 3, p.Y * 3)).ToArray(), Pen * 3)]);

        var image = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(large));

        Assert.True(image.SourceBounds.Height > TouchingCuts.MaxCutHeight);
        Assert.InRange(image.CutsToTry.Count, 2, TouchingCuts.MostCutsTried);
        Assert.All(image.CutsToTry, cut =>
        {
            Assert.InRange(cut.Column, image.SourceBounds.X, image.SourceBounds.Right);
            Assert.InRange(cut.Left.SourceBounds.X, image.SourceBounds.X - 2, image.SourceBounds.X + 2);
            Assert.True(cut.Left.SourceBounds.Right <= cut.Column && cut.Right.SourceBounds.X >= cut.Column);
            Assert.InRange(cut.Right.SourceBounds.Right, image.SourceBounds.Right - 2, image.SourceBounds.Right + 2);
            Assert.Equal(20f / cut.Left.SourceBounds.LongerSide, cut.Left.Scale, 0.02f);
        });
    }
}
