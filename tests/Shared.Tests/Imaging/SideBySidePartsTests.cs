using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class SideBySidePartsTests
{
    private const float Pen = DrawingPadGeometry.DefaultPenWidth;

    /// <summary>"10" on a wide pad: a stroke down, then a loop starting <paramref name="gap"/> px (between the marks) to its right.</summary>
    private static StrokeDrawing Ten(float gap)
    {
        var one = new Stroke([new StrokePoint(60, 60), new StrokePoint(60, 220)], Pen);
        var left = 60 + Pen + gap;
        var zero = new Stroke(
            Enumerable.Range(0, 25).Select(i => i * Math.PI * 2 / 24)
                .Select(a => new StrokePoint(left + 50 + (float)(50 * -Math.Cos(a)), 140 + (float)(80 * Math.Sin(a)))).ToArray(),
            Pen);
        return new StrokeDrawing(420, 280, [one, zero]);
    }

    private static Stroke Line(params (float X, float Y)[] points) => new(points.Select(p => new StrokePoint(p.X, p.Y)).ToArray(), Pen);

    private const int BarsWidth = 60, BarsHeight = 40;

    /// <summary>Two upright bars 30 px tall, at columns 10-15 and 40-45 of a 60x40 image; the second's ink alone too.</summary>
    private static (float[] Both, float[] Second) TwoBars()
    {
        var (both, second) = (new float[BarsWidth * BarsHeight], new float[BarsWidth * BarsHeight]);
        for (var y = 5; y < 35; y++)
        {
            for (var x = 10; x < 16; x++)
            {
                both[y * BarsWidth + x] = 1f;
                both[y * BarsWidth + x + 30] = second[y * BarsWidth + x + 30] = 0.8f;
            }
        }

        return (both, second);
    }

    [Fact]
    public void Two_digits_drawn_apart_or_touching_are_two_parts_and_ones_written_across_each_other_are_one()
    {
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: 30)));
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: 5)));
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: 0)));
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: -8))); // the marks overlap by less than half the pen
        Assert.Equal(1, SideBySideParts.Count(Ten(gap: -12)));
        Assert.Equal(1, SideBySideParts.Count(Ten(gap: -40)));
    }

    [Fact]
    public void Touching_digits_are_split_by_their_strokes_into_the_digits_drawn()
    {
        var ten = Ten(gap: 0);
        var ones = new StrokeDrawing(280, 280,
            [new Stroke([new StrokePoint(100, 60), new StrokePoint(100, 220)], Pen), new Stroke([new StrokePoint(120, 60), new StrokePoint(120, 220)], Pen)]);

        var parts = SideBySideParts.Split(ten);

        Assert.Equal([[ten.Strokes[0]], [ten.Strokes[1]]], parts.Select(part => part.Strokes));
        Assert.Equal(2, SideBySideParts.Count(ones)); // "11", the marks touching
    }

    [Fact]
    public void The_strokes_of_one_digit_stay_together_when_they_do_not_cross()
    {
        // A 4 whose bar stops short of its stem; a 3 of two arcs one above the other; a 5 whose flag is drawn apart.
        var four = new StrokeDrawing(280, 280, [Line((100, 60), (80, 150), (150, 150)), Line((170, 60), (170, 220))]);
        var three = new StrokeDrawing(280, 280, [Line((100, 60), (160, 80), (110, 135)), Line((125, 145), (165, 180), (100, 220))]);
        var five = new StrokeDrawing(280, 280, [Line((110, 80), (105, 140), (160, 160), (150, 210), (100, 220)), Line((126, 70), (180, 70))]);

        Assert.Equal(1, SideBySideParts.Count(four));
        Assert.Equal(1, SideBySideParts.Count(three));
        Assert.Equal(1, SideBySideParts.Count(five));
    }

    [Theory]
    [InlineData(0.7f, 40f)]
    [InlineData(0.8f, 40f)]
    [InlineData(0.9f, 40f)]
    [InlineData(0.65f, 60f)] // the stem starting below the L's top, as drawn on the pad
    [InlineData(0.8f, 25f)] // the stem starting above it
    public void An_open_4_whose_l_hangs_beside_its_stem_is_one_digit_however_far_down_the_l_reaches(float footHeight, float stemTop)
    {
        // The L's bar ends a pen's width before the stem's path: their marks touch and their paths stand apart, and the
        // L is nearly as tall as the stem, as two digits in a row are; but it ends well above the stem's foot.
        var bar = 40 + footHeight * 200;
        var four = new StrokeDrawing(280, 280, [Line((110, 40), (70, bar), (215 - Pen, bar)), Line((215, stemTop), (215, 240))]);

        Assert.Equal(1, SideBySideParts.Count(four));
    }

    [Fact]
    public void Touching_digits_stay_two_parts_when_one_is_written_lower_or_smaller_but_not_when_it_hangs_beside_the_other()
    {
        static StrokeDrawing Ones(float top, float bottom) => new(280, 280,
            [Line((100, 60), (100, 220)), Line((120, top), (120, bottom))]);

        Assert.Equal(2, SideBySideParts.Count(Ones(top: 80, bottom: 240))); // written lower: both ends move
        Assert.Equal(2, SideBySideParts.Count(Ones(top: 100, bottom: 220))); // smaller, on the same line at its foot
        Assert.Equal(2, SideBySideParts.Count(Ones(top: 60, bottom: 210))); // ending a little above the other's foot
        Assert.Equal(1, SideBySideParts.Count(Ones(top: 60, bottom: 180))); // hanging from the other's top: a digit's pieces
    }

    /// <summary>A 0 drawn as a left and a right arc, each <paramref name="apart"/> px from the middle at its ends.</summary>
    private static StrokeDrawing ZeroInTwoHalves(float apart) => new(280, 280, HalvesOfAZero(140, apart, scale: 1, Pen));

    /// <summary>The two arcs of a 0 60 px wide and 95 px tall (times <paramref name="scale"/>) around x = <paramref name="middle"/>, y = 140.</summary>
    private static Stroke[] HalvesOfAZero(float middle, float apart, float scale, float pen)
    {
        StrokePoint[] Arc(float from, float to, float shift) => Enumerable.Range(0, 19)
            .Select(i => (from + (to - from) * i / 18) * Math.PI / 180)
            .Select(a => new StrokePoint(middle + shift + (float)(60 * scale * Math.Cos(a)), 140 + (float)(95 * scale * Math.Sin(a)))).ToArray();

        return [new Stroke(Arc(90, 270, -apart), pen), new Stroke(Arc(-90, 90, apart), pen)];
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(4f)] // the marks overlapping by more than half the pen at both ends
    [InlineData(7f)] // by less: the paths more than half a pen apart
    [InlineData(8f)] // the marks overlapping by 4 px above and below
    public void A_0_drawn_in_two_halves_whose_marks_close_it_is_one_digit(float apart)
    {
        Assert.Equal(1, SideBySideParts.Count(ZeroInTwoHalves(apart)));
    }

    [Theory]
    [InlineData(7f, 20f)] // touching above, 40 px apart below (a fifth of the height)
    [InlineData(20f, 7f)] // the other way up
    public void A_0_drawn_in_two_halves_touching_at_one_end_and_a_little_open_at_the_other_is_one_digit(float apartAtTop, float apartAtBottom)
    {
        StrokePoint[] Arc(float from, float to, int side) => Enumerable.Range(0, 19)
            .Select(i => (from + (to - from) * i / 18) * Math.PI / 180)
            .Select(a => (X: 60 * Math.Cos(a), Y: 95 * Math.Sin(a)))
            .Select(p => new StrokePoint(140 + (float)p.X + side * (apartAtTop + (apartAtBottom - apartAtTop) * (float)(p.Y + 95) / 190), 140 + (float)p.Y))
            .ToArray();

        Assert.Equal(1, SideBySideParts.Count(new StrokeDrawing(280, 280, [new Stroke(Arc(90, 270, -1), Pen), new Stroke(Arc(-90, 90, 1), Pen)])));
    }

    [Fact]
    public void A_1_and_a_7_whose_bar_touches_its_top_stay_two_parts()
    {
        // The 7's foot stands 50 px (31 % of the height) from the 1's: too far for the loop they leave open to count.
        var seventeen = new StrokeDrawing(280, 280, [Line((100, 60), (100, 220)), Line((118, 60), (200, 60), (150, 220))]);

        Assert.Equal(2, SideBySideParts.Count(seventeen));
    }

    [Fact]
    public void Two_halves_whose_marks_leave_a_gap_above_and_below_or_digits_touching_in_one_place_stay_two_parts()
    {
        Assert.Equal(2, SideBySideParts.Count(ZeroInTwoHalves(apart: 16))); // 12 px of paper between the marks at both ends
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: 0))); // a 1 and a 0 touching: the 0's own loop, none between them
        Assert.Equal(2, SideBySideParts.Count(new StrokeDrawing(280, 280, [Line((100, 60), (100, 220)), Line((120, 60), (120, 220))])));
    }

    [Fact]
    public void The_loops_of_a_row_are_looked_for_within_a_bound_of_work()
    {
        // 0s a fifth of the pad's size, each in two halves whose marks touch above and below, 16 px apart in a row.
        static StrokeDrawing RowOfZeros(int count) => new(4096, 280, Enumerable.Range(0, count)
            .SelectMany(i => HalvesOfAZero(20 + i * 40, apart: 1.5f, scale: 0.2f, pen: 4)).ToArray());

        Assert.Equal(12, SideBySideParts.Count(RowOfZeros(12)));
        // Past SideBySideParts.MostLoopPixelsVisited, the halves of the later 0s are told apart as two digits would be.
        Assert.InRange(SideBySideParts.Count(RowOfZeros(100)), 101, 199);
    }

    [Fact]
    public void Strokes_with_a_gap_between_their_marks_are_two_parts_whatever_their_heights()
    {
        // A 4's bar and stem 20 px apart between the marks, 11 % of the height: an L and a 1, as written.
        var apart = new StrokeDrawing(280, 280, [Line((100, 60), (80, 150), (130, 150)), Line((170, 60), (170, 220))]);

        Assert.Equal(2, SideBySideParts.Count(apart));
    }

    [Fact]
    public void A_dot_or_a_short_dash_beside_a_digit_is_not_a_part()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var dot = new Stroke([new StrokePoint(260, 230)], 8);
        var dash = new Stroke([new StrokePoint(240, 140), new StrokePoint(270, 140)], 8);

        Assert.Equal(1, SideBySideParts.Count(seven));
        Assert.Equal(1, SideBySideParts.Count(seven with { Strokes = [.. seven.Strokes, dot] }));
        Assert.Equal(1, SideBySideParts.Count(seven with { Strokes = [.. seven.Strokes, dash] }));
        Assert.Equal(0, SideBySideParts.Count(new StrokeDrawing(280, 280, [])));
    }

    /// <summary>Inks the cells of <paramref name="box"/> in a <see cref="BarsWidth"/>-wide image.</summary>
    private static void Fill(float[] ink, PixelBox box)
    {
        for (var y = box.Y; y < box.Bottom; y++)
        {
            ink.AsSpan(y * BarsWidth + box.X, box.Width).Fill(1f);
        }
    }

    [Fact]
    public void In_an_image_the_columns_between_two_bars_make_two_parts_and_ink_below_the_noise_level_does_not_join_them()
    {
        const int width = BarsWidth, height = BarsHeight;
        var (ink, _) = TwoBars();
        for (var x = 16; x < 40; x++)
        {
            ink[20 * width + x] = 0.04f; // a faint line between them, below the noise level
        }

        var bounds = new PixelBox(10, 5, 36, 30);

        Assert.Equal(2, SideBySideParts.Count(ink, width, bounds, noiseLevel: 0.05f));
        Assert.Equal(1, SideBySideParts.Count(ink, width, bounds, noiseLevel: 0.01f));
        Assert.Equal(0, SideBySideParts.Count(new float[width * height], width, bounds, noiseLevel: 0.05f));
    }

    [Fact]
    public void In_an_image_two_bars_as_tall_as_each_other_closer_than_the_gap_are_still_two_parts()
    {
        // Bars at columns 10-15 and 18-23, 30 px tall: 2 empty columns between them, less than the gap of 3 (8 % of
        // the height) that parts with nothing else in common need.
        var ink = new float[BarsWidth * BarsHeight];
        Fill(ink, new PixelBox(10, 5, 6, 30));
        Fill(ink, new PixelBox(18, 5, 6, 30));

        var read = SideBySideParts.FindInRow(ink, BarsWidth, new PixelBox(10, 5, 14, 30), noiseLevel: 0.05f);

        Assert.Equal([new PixelBox(10, 5, 6, 30), new PixelBox(18, 5, 6, 30)], read.Parts);
        Assert.Equal(NumberMarks.None, read.Marks);
    }

    [Theory]
    [InlineData(15, 35, 1)] // a short piece beside a bar, as a 4's bar broken off its stem: one digit
    [InlineData(0, 22, 1)] // a piece nearly as tall but mostly above the bar: not beside it
    [InlineData(8, 35, 2)] // nearly as tall and beside it: two digits
    public void In_an_image_pieces_closer_than_the_gap_are_two_parts_only_when_they_stand_in_one_row(int secondTop, int secondBottom, int parts)
    {
        var ink = new float[BarsWidth * BarsHeight];
        Fill(ink, new PixelBox(10, 5, 6, 30));
        Fill(ink, new PixelBox(18, secondTop, 6, secondBottom - secondTop));

        var top = Math.Min(5, secondTop);
        Assert.Equal(parts, SideBySideParts.Count(ink, BarsWidth, new PixelBox(10, top, 14, Math.Max(35, secondBottom) - top), noiseLevel: 0.05f));
    }

    [Fact]
    public void An_image_of_a_number_written_close_together_is_read_as_its_digits()
    {
        // "10" drawn with 6 px between the marks: under 4 % of the digits' height, too close for columns alone.
        var image = StrokeRasterizer.Rasterize(Ten(gap: 6));

        var read = DigitPreprocessor.Preprocess(image);

        Assert.Equal(2, read.SideBySideParts);
        Assert.Equal(2, read.Digits.Count);
    }

    /// <summary>A ring of 24 points around (<paramref name="x"/>, <paramref name="y"/>), as wide and as tall as given.</summary>
    private static Stroke Ring(float x, float y, float width, float height) => new(
        Enumerable.Range(0, 25).Select(i => i * Math.PI * 2 / 24)
            .Select(a => new StrokePoint(x + (float)(width / 2 * Math.Cos(a)), y + (float)(height / 2 * Math.Sin(a)))).ToArray(),
        Pen);

    [Fact]
    public void In_an_image_two_digits_whose_marks_touch_are_cut_apart_where_they_join()
    {
        // "00": two rings 100 px wide and 160 px tall whose marks touch at mid-height.
        var image = StrokeRasterizer.Rasterize(new StrokeDrawing(360, 280, [Ring(80, 140, 100, 160), Ring(80 + 100 + Pen, 140, 100, 160)]));

        var read = DigitPreprocessor.Preprocess(image);

        Assert.Equal(2, read.SideBySideParts);
        Assert.Equal(2, read.Digits.Count);
        Assert.All(read.Digits, digit => Assert.InRange(digit.SourceBounds.Width, 100, 125));
    }

    [Fact]
    public void In_an_image_one_wide_shape_joined_at_its_bottom_or_by_a_bar_across_is_not_cut()
    {
        // A wide U (an open 0 or 4 joined below its sides) and a wide H (two sides joined by a bar across the middle).
        var u = new StrokeDrawing(400, 280, [Line((60, 60), (60, 200), (100, 230), (300, 230), (340, 200), (340, 60))]);
        var h = new StrokeDrawing(400, 280, [Line((60, 60), (60, 230)), Line((340, 60), (340, 230)), Line((60, 145), (340, 145))]);

        Assert.Equal(1, DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(u)).SideBySideParts);
        Assert.Equal(1, DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(h)).SideBySideParts);
    }

    [Fact]
    public void Ink_read_as_one_digit_but_as_wide_as_two_is_said_to_be_wider_than_a_digit()
    {
        var wideU = new StrokeDrawing(400, 280, [Line((60, 60), (60, 200), (100, 230), (300, 230), (340, 200), (340, 60))]);

        Assert.True(DigitPreprocessor.Preprocess(wideU).IsWiderThanADigit);
        Assert.True(DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(wideU)).IsWiderThanADigit);
        Assert.False(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven).IsWiderThanADigit);
        Assert.False(DigitPreprocessor.Preprocess(Ten(gap: 40)).IsWiderThanADigit); // read as a number, digit by digit
    }

    [Fact]
    public void Preprocessing_a_drawing_counts_its_parts_as_drawn_and_a_blank_drawing_has_none()
    {

        var ten = DigitPreprocessor.Preprocess(Ten(gap: 16));
        var seven = DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven);

        Assert.Equal(2, ten.SideBySideParts);
        Assert.True(ten.LooksLikeSeveralDigits);
        Assert.Equal(1, seven.SideBySideParts);
        Assert.False(seven.LooksLikeSeveralDigits);
        Assert.Equal(0, DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [])).SideBySideParts);
    }

    [Fact]
    public void A_drawing_is_split_left_to_right_into_the_strokes_of_each_part_on_its_own_canvas()
    {
        var ten = Ten(gap: 30);
        var dot = new Stroke([new StrokePoint(300, 230)], 8);

        var parts = SideBySideParts.Split(ten with { Strokes = [ten.Strokes[1], dot, ten.Strokes[0]] });

        Assert.Equal(2, parts.Count);
        Assert.Equal([ten.Strokes[0]], parts[0].Strokes);
        Assert.Equal([ten.Strokes[1]], parts[1].Strokes); // the dot after "10" is no digit of it
        Assert.All(parts, part => Assert.Equal((ten.Width, ten.Height), (part.Width, part.Height)));
        Assert.Same(DrawingPadGeometry.TypicalSeven, Assert.Single(SideBySideParts.Split(DrawingPadGeometry.TypicalSeven)));
        Assert.Empty(SideBySideParts.Split(new StrokeDrawing(280, 280, [])));
    }

    [Fact]
    public void A_long_number_has_as_many_parts_as_digits_even_when_none_holds_much_of_the_ink()
    {
        // "1111111": each 1 holds a seventh of the ink.
        var ones = Enumerable.Range(0, 7)
            .Select(i => new Stroke([new StrokePoint(30 + i * 60, 60), new StrokePoint(30 + i * 60, 220)], Pen))
            .ToArray();

        Assert.Equal(7, SideBySideParts.Count(new StrokeDrawing(440, 280, ones)));
    }

    [Fact]
    public void In_an_image_each_part_is_the_full_height_of_the_ink_over_its_own_columns_and_a_speck_is_in_none()
    {
        const int width = BarsWidth;
        var (ink, _) = TwoBars();
        ink[30 * width + 50] = 1f; // a speck 5 columns right of the second bar

        var parts = SideBySideParts.Find(ink, width, new PixelBox(10, 5, 41, 30), noiseLevel: 0.05f);

        Assert.Equal([new PixelBox(10, 5, 6, 30), new PixelBox(40, 5, 6, 30)], parts);
    }

    [Fact]
    public void Preprocessing_several_digits_also_preprocesses_each_on_its_own_and_one_digit_has_none()
    {
        var ten = Ten(gap: 30);

        var digit = DigitPreprocessor.Preprocess(ten);

        Assert.Equal(2, digit.Digits.Count);
        Assert.Equal(DigitPreprocessor.Preprocess(ten with { Strokes = [ten.Strokes[0]] }).Pixels, digit.Digits[0].Pixels);
        Assert.Equal(DigitPreprocessor.Preprocess(ten with { Strokes = [ten.Strokes[1]] }).Pixels, digit.Digits[1].Pixels);
        Assert.All(digit.Digits, part => Assert.Equal(1, part.SideBySideParts));
        Assert.Empty(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven).Digits);
        Assert.Empty(DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [])).Digits);
    }

    [Fact]
    public void More_digits_than_are_read_as_a_number_are_only_counted()
    {
        var count = SideBySideParts.MostDigitsRead + 1;
        var ones = Enumerable.Range(0, count)
            .Select(i => new Stroke([new StrokePoint(20 + i * 40, 60), new StrokePoint(20 + i * 40, 220)], 10))
            .ToArray();

        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(40 * count, 280, ones));

        Assert.Equal(count, digit.SideBySideParts);
        Assert.Empty(digit.Digits);
    }

    [Fact]
    public void In_an_image_of_two_digits_each_is_cropped_and_preprocessed_on_its_own()
    {
        var (both, second) = TwoBars();

        var digit = DigitPreprocessor.Preprocess(new GrayImage(BarsWidth, BarsHeight, both));

        Assert.Equal(2, digit.Digits.Count);
        Assert.Equal(DigitPreprocessor.Preprocess(new GrayImage(BarsWidth, BarsHeight, second)).Pixels, digit.Digits[1].Pixels);
    }

    [Fact]
    public void In_an_image_of_two_digits_each_one_lies_where_its_ink_is_in_the_whole_image()
    {
        var (both, second) = TwoBars();
        var first = both.Zip(second, (all, right) => all - right).ToArray();

        var digit = DigitPreprocessor.Preprocess(new GrayImage(BarsWidth, BarsHeight, both));

        Assert.Equal(DigitPreprocessor.Preprocess(new GrayImage(BarsWidth, BarsHeight, first)).SourceBounds, digit.Digits[0].SourceBounds);
        Assert.Equal(DigitPreprocessor.Preprocess(new GrayImage(BarsWidth, BarsHeight, second)).SourceBounds, digit.Digits[1].SourceBounds);
        Assert.True(digit.Digits[0].SourceBounds.Right <= digit.Digits[1].SourceBounds.X);
    }

    [Fact]
    public void A_point_on_the_line_between_two_digits_is_their_decimal_point_even_close_to_one_of_them()
    {
        var apart = Ten(gap: 40);
        var close = Ten(gap: 20);

        var read = SideBySideParts.SplitInRow(apart with { Strokes = [.. apart.Strokes, new Stroke([new StrokePoint(100, 215)], Pen)] });
        var closeToTheOne = SideBySideParts.SplitInRow(close with { Strokes = [.. close.Strokes, new Stroke([new StrokePoint(82, 215)], 12)] });

        Assert.Equal(new NumberMarks(false, 1), read.Marks);
        Assert.Equal([[apart.Strokes[0]], [apart.Strokes[1]]], read.Parts.Select(part => part.Strokes));
        Assert.Equal(new NumberMarks(false, 1), closeToTheOne.Marks);
        Assert.Equal([[close.Strokes[0]], [close.Strokes[1]]], closeToTheOne.Parts.Select(part => part.Strokes)); // the 1 without the point
    }

    [Fact]
    public void A_dash_at_mid_height_before_a_single_digit_is_its_minus_sign_and_the_digit_is_read_alone_as_a_number()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var minus = new Stroke([new StrokePoint(10, 140), new StrokePoint(55, 140)], 8);
        var tap = new Stroke([new StrokePoint(260, 250)], Pen);
        var negative = seven with { Strokes = [minus, .. seven.Strokes] };

        var read = SideBySideParts.SplitInRow(negative);
        var withTap = SideBySideParts.SplitInRow(negative with { Strokes = [.. negative.Strokes, tap] });
        var number = DigitPreprocessor.Preprocess(negative);

        Assert.Equal(new NumberMarks(true, null), read.Marks);
        Assert.Equal(seven.Strokes, Assert.Single(read.Parts).Strokes);
        Assert.Empty(read.StrokesLeftOut);
        Assert.Equal(new NumberMarks(true, null), withTap.Marks);
        Assert.Equal([3], withTap.StrokesLeftOut);
        Assert.Equal(DigitPreprocessor.Preprocess(seven).Pixels, Assert.Single(number.Digits).Pixels);
        Assert.Equal(DigitPreprocessor.Preprocess(seven).Pixels, number.Pixels);
        Assert.Equal((true, 0, 1), (number.Marks.Negative, number.StrokesLeftOut.Count, number.SideBySideParts));
        Assert.Equal(seven.Strokes, Assert.Single(number.DigitStrokes).Strokes);
    }

    [Fact]
    public void A_dash_at_mid_height_after_a_single_digit_is_no_minus_sign()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var dash = new Stroke([new StrokePoint(235, 140), new StrokePoint(275, 140)], 8);

        var read = SideBySideParts.SplitInRow(seven with { Strokes = [.. seven.Strokes, dash] });

        Assert.Equal(NumberMarks.None, read.Marks);
        Assert.Equal([2], read.StrokesLeftOut);
        Assert.Empty(DigitPreprocessor.Preprocess(seven with { Strokes = [.. seven.Strokes, dash] }).Digits);
    }

    [Fact]
    public void A_dash_at_mid_height_before_the_first_digit_is_a_minus_sign()
    {
        var ten = Ten(gap: 30);
        var minus = new Stroke([new StrokePoint(10, 140), new StrokePoint(45, 140)], 12);

        var read = SideBySideParts.SplitInRow(ten with { Strokes = [minus, .. ten.Strokes] });

        Assert.Equal(new NumberMarks(true, null), read.Marks);
        Assert.Equal([[ten.Strokes[0]], [ten.Strokes[1]]], read.Parts.Select(part => part.Strokes));
    }

    [Fact]
    public void Specks_that_are_no_point_or_minus_sign_are_not_read_and_one_digit_has_no_marks()
    {
        var ten = Ten(gap: 40);
        Stroke Dot(float x, float y) => new([new StrokePoint(x, y)], Pen);

        Assert.Equal(NumberMarks.None, SideBySideParts.SplitInRow(ten with { Strokes = [.. ten.Strokes, Dot(100, 70)] }).Marks); // above the line
        Assert.Equal(NumberMarks.None, SideBySideParts.SplitInRow(ten with { Strokes = [.. ten.Strokes, Dot(82, 215), Dot(100, 215)] }).Marks); // two
        Assert.Equal(NumberMarks.None, SideBySideParts.SplitInRow(ten with { Strokes = [.. ten.Strokes, Dot(250, 215)] }).Marks); // after the last digit
        var sevenAndPoint = DrawingPadGeometry.TypicalSeven with { Strokes = [.. DrawingPadGeometry.TypicalSeven.Strokes, Dot(200, 235)] };
        var one = SideBySideParts.SplitInRow(sevenAndPoint);
        Assert.Equal(DrawingPadGeometry.TypicalSeven.Strokes, Assert.Single(one.Parts).Strokes);
        Assert.Equal(NumberMarks.None, one.Marks);
    }

    [Fact]
    public void A_dot_or_a_short_dash_standing_apart_from_one_digit_is_left_out_of_it()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        StrokeDrawing With(params Stroke[] strays) => seven with { Strokes = [.. seven.Strokes, .. strays] };
        var beside = new Stroke([new StrokePoint(260, 230)], Pen);
        var above = new Stroke([new StrokePoint(140, 20), new StrokePoint(143, 22)], Pen); // in the 7's columns
        var dash = new Stroke([new StrokePoint(245, 140), new StrokePoint(272, 140)], 8);

        Assert.Same(seven, Assert.Single(SideBySideParts.Split(seven)));
        foreach (var strays in new[] { [beside], [above], [dash], new[] { beside, above, dash } })
        {
            Assert.Equal(seven.Strokes, Assert.Single(SideBySideParts.Split(With(strays))).Strokes);
        }
    }

    [Fact]
    public void A_dot_touching_the_digit_stays_and_a_drawing_of_dots_alone_is_kept_whole()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var onTheBar = seven with { Strokes = [.. seven.Strokes, new Stroke([new StrokePoint(140, 70)], Pen)] };
        var dots = new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(100, 100)], Pen), new Stroke([new StrokePoint(100, 180)], Pen)]);

        Assert.Same(onTheBar, Assert.Single(SideBySideParts.Split(onTheBar)));
        Assert.Same(dots, Assert.Single(SideBySideParts.Split(dots)));
    }

    [Fact]
    public void A_piece_beside_one_digit_as_tall_as_a_digit_is_not_left_out()
    {
        // A thin stroke 100 px tall beside a 0 of about 560 px of path holds too little ink to count as a digit, but
        // it may be one (a light 1 beside a heavy 0): the drawing is read whole, as before it could be told apart.
        var zero = new Stroke(
            Enumerable.Range(0, 25).Select(i => i * Math.PI * 2 / 24)
                .Select(a => new StrokePoint(200 + (float)(60 * -Math.Cos(a)), 140 + (float)(100 * Math.Sin(a)))).ToArray(),
            Pen);
        var thin = new StrokeDrawing(280, 280, [Line((60, 100), (60, 200)), zero]);

        Assert.Same(thin, Assert.Single(SideBySideParts.Split(thin)));
    }

    [Fact]
    public void In_a_number_the_ink_that_is_no_digit_and_no_mark_is_left_out_and_its_decimal_point_is_read()
    {
        var ten = Ten(gap: 40);
        Stroke Dot(float x, float y) => new([new StrokePoint(x, y)], Pen);
        var drawing = ten with { Strokes = [.. ten.Strokes, Dot(100, 215), Dot(330, 250)] }; // a point between, a tap after

        var read = SideBySideParts.SplitInRow(drawing);
        var number = DigitPreprocessor.Preprocess(drawing);

        Assert.Equal(new NumberMarks(false, 1), read.Marks);
        Assert.Equal([3], read.StrokesLeftOut);
        Assert.Equal([3], number.StrokesLeftOut);
        Assert.Equal(2, number.Digits.Count);
    }

    [Fact]
    public void A_dot_standing_apart_above_a_digit_of_a_number_is_left_out_of_that_digit()
    {
        var ten = Ten(gap: 40);
        var withDot = ten with { Strokes = [.. ten.Strokes, new Stroke([new StrokePoint(60 + Pen + 40 + 50, 25)], Pen)] };

        var parts = SideBySideParts.Split(withDot);

        Assert.Equal(2, parts.Count);
        Assert.Equal([ten.Strokes[1]], parts[1].Strokes);
        Assert.Equal([2], SideBySideParts.SplitInRow(withDot).StrokesLeftOut);
    }

    [Fact]
    public void Preprocessing_one_digit_with_stray_ink_gives_the_models_the_digit_alone_and_counts_what_was_left_out()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var withStrays = seven with { Strokes = [.. seven.Strokes, new Stroke([new StrokePoint(260, 230)], Pen), new Stroke([new StrokePoint(8, 150), new StrokePoint(34, 150)], 8)] };

        var alone = DigitPreprocessor.Preprocess(seven);
        var read = DigitPreprocessor.Preprocess(withStrays);

        Assert.Equal(alone.Pixels, read.Pixels);
        Assert.Equal([2, 3], read.StrokesLeftOut);
        Assert.Empty(alone.StrokesLeftOut);
        Assert.Equal(1, read.SideBySideParts);
    }

    [Fact]
    public void In_an_image_a_dash_at_mid_height_before_a_single_digit_is_its_minus_sign_and_the_digit_is_read_alone()
    {
        // The pad's 7 moved right, with room before it for a minus sign as long as a fifth of its height and the gap parts need.
        var typical = DrawingPadGeometry.TypicalSeven;
        var seven = new StrokeDrawing(typical.Width + 40, typical.Height,
            [.. typical.Strokes.Select(s => s with { Points = [.. s.Points.Select(p => p with { X = p.X + 40 })] })]);
        var minus = new Stroke([new StrokePoint(15, 140), new StrokePoint(60, 140)], 12);
        var alone = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(seven));

        var number = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(seven with { Strokes = [minus, .. seven.Strokes] }));

        Assert.Equal(new NumberMarks(true, null), number.Marks);
        Assert.Equal(alone.Pixels, Assert.Single(number.Digits).Pixels);
        Assert.Equal(alone.Pixels, number.Pixels);
        Assert.Equal(alone.SourceBounds, number.SourceBounds);
        Assert.Equal(1, number.SideBySideParts);
        Assert.Empty(number.DigitStrokes);
    }

    [Fact]
    public void In_an_image_a_minus_sign_low_and_small_enough_to_be_set_aside_as_a_point_still_sets_the_digit_apart()
    {
        // A bar 100 px tall at columns 40-49, and before it a dash 22x6 px centred two thirds of the way down: as small
        // and low as a point is, and flat and near enough the middle to be a minus sign.
        const int width = 60, height = 110;
        var ink = new float[width * height];
        for (var y = 5; y < 105; y++)
        {
            ink.AsSpan(y * width + 40, 10).Fill(1f);
        }

        for (var y = 69; y < 75; y++)
        {
            ink.AsSpan(y * width + 10, 22).Fill(1f);
        }

        var read = SideBySideParts.FindInRow(ink, width, new PixelBox(10, 5, 40, 100), noiseLevel: 0.05f);

        Assert.Equal(new NumberMarks(true, null), read.Marks);
        Assert.Equal([new PixelBox(40, 5, 10, 100)], read.Parts);
    }

    [Fact]
    public void In_an_image_a_dash_after_a_single_digit_or_high_before_it_stays_with_the_digit()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var after = new Stroke([new StrokePoint(235, 140), new StrokePoint(275, 140)], 12);
        var high = new Stroke([new StrokePoint(5, 60), new StrokePoint(35, 60)], 12);

        foreach (var dash in new[] { after, high })
        {
            var read = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(seven with { Width = 300, Strokes = [.. seven.Strokes, dash] }));

            Assert.Equal(NumberMarks.None, read.Marks);
            Assert.Empty(read.Digits);
            Assert.NotEqual(DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(seven)).Pixels, read.Pixels);
        }
    }

    [Fact]
    public void In_an_image_a_point_standing_apart_between_two_digits_is_their_decimal_point()
    {
        var (ink, _) = TwoBars();
        for (var y = 30; y < 33; y++)
        {
            for (var x = 26; x < 29; x++)
            {
                ink[y * BarsWidth + x] = 0.9f;
            }
        }

        var read = SideBySideParts.FindInRow(ink, BarsWidth, new PixelBox(10, 5, 36, 30), noiseLevel: 0.05f);
        var preprocessed = DigitPreprocessor.Preprocess(new GrayImage(BarsWidth, BarsHeight, ink));

        Assert.Equal(2, read.Parts.Count);
        Assert.Equal(new NumberMarks(false, 1), read.Marks);
        Assert.Equal(new NumberMarks(false, 1), preprocessed.Marks);
        Assert.Equal(2, preprocessed.Digits.Count);
    }

    [Fact]
    public void In_an_image_a_point_in_the_usual_gap_between_two_digits_no_longer_joins_their_columns()
    {
        // Bars at columns 10-15 and 24-29, 30 px tall: a gap of 8 px, a quarter of their height. A 3 px point in it
        // leaves 2 px on its left, less than the 3 px gap (8 % of the height) that parts need.
        var ink = new float[BarsWidth * BarsHeight];
        for (var y = 5; y < 35; y++)
        {
            for (var x = 10; x < 16; x++)
            {
                ink[y * BarsWidth + x] = ink[y * BarsWidth + x + 14] = 1f;
            }
        }

        for (var y = 30; y < 33; y++)
        {
            for (var x = 18; x < 21; x++)
            {
                ink[y * BarsWidth + x] = 0.9f;
            }
        }

        var read = SideBySideParts.FindInRow(ink, BarsWidth, new PixelBox(10, 5, 20, 30), noiseLevel: 0.05f);

        Assert.Equal([new PixelBox(10, 5, 6, 30), new PixelBox(24, 5, 6, 30)], read.Parts);
        Assert.Equal(new NumberMarks(false, 1), read.Marks);
    }

    [Fact]
    public void In_an_image_a_small_piece_under_one_digit_is_no_point_and_splits_nothing()
    {
        var ink = new float[BarsWidth * BarsHeight];
        for (var y = 5; y < 30; y++)
        {
            for (var x = 10; x < 16; x++)
            {
                ink[y * BarsWidth + x] = 1f;
            }
        }

        for (var y = 32; y < 35; y++)
        {
            for (var x = 12; x < 15; x++)
            {
                ink[y * BarsWidth + x] = 1f; // a broken-off end of the stroke, below it
            }
        }

        var read = SideBySideParts.FindInRow(ink, BarsWidth, new PixelBox(10, 5, 6, 30), noiseLevel: 0.05f);

        Assert.Equal([new PixelBox(10, 5, 6, 30)], read.Parts);
        Assert.Equal(NumberMarks.None, read.Marks);
    }
}
