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
    public void Narrow_ink_and_a_number_whose_digits_stand_apart_have_no_cuts_to_try_drawn_or_as_an_image()
    {
        var ten = new StrokeDrawing(420, 280,
            [new Stroke([new(60, 60), new(60, 220)], Pen), new Stroke([new(150, 60), new(230, 60), new(230, 220), new(150, 220), new(150, 60)], Pen)]);

        Assert.Empty(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven).CutsToTry);
        Assert.Empty(DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(DrawingPadGeometry.TypicalSeven)).CutsToTry);
        foreach (var number in new[] { DigitPreprocessor.Preprocess(ten), DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(ten)) })
        {
            Assert.Equal(2, number.Digits.Count);
            Assert.Empty(number.CutsToTry);
            Assert.All(number.Digits, digit => Assert.Empty(digit.CutsToTry));
        }
    }

    [Fact]
    public void A_stroke_is_parted_where_it_crosses_the_cut_each_piece_keeping_its_pen()
    {
        // A zigzag across x = 100: left, right, left.
        var drawing = new StrokeDrawing(280, 280, [new Stroke([new(50, 50), new(150, 100), new(50, 150)], 12), new Stroke([new(200, 200)], 9)]);

        var (left, right) = Assert.NotNull(TouchingCuts.SplitStrokes(drawing, 100));

        Assert.Equal((280, 280), (left.Width, left.Height));
        Assert.Equal([[new(50, 50), new(100, 75)], [new(100, 125), new(50, 150)]], left.Strokes.Select(s => s.Points.ToArray()));
        Assert.Equal([[new(100, 75), new(150, 100), new(100, 125)], [new(200, 200)]], right.Strokes.Select(s => s.Points.ToArray()));
        Assert.Equal([12f, 12f], left.Strokes.Select(s => s.Width));
        Assert.Equal([12f, 9f], right.Strokes.Select(s => s.Width));
    }

    [Fact]
    public void No_strokes_are_parted_when_a_side_would_be_empty_or_hold_more_than_a_drawing_may()
    {
        Assert.Null(TouchingCuts.SplitStrokes(WideU, 20)); // every point right of the line

        // Every point allowed, in small steps to the line at x = 210, over it and back: the left side gains two points.
        var points = Enumerable.Range(0, DrawingLimits.MaxTotalPoints - 3).Select(i => new StrokePoint(10 + i * 0.1f, 100))
            .Concat([new(215, 100), new(205, 110), new(200, 110)]).ToArray();
        var full = new StrokeDrawing(280, 280, [new Stroke(points, Pen)]);
        DrawingLimits.ValidateRasterizable(full);
        Assert.Null(TouchingCuts.SplitStrokes(full, 210));
        Assert.NotNull(TouchingCuts.SplitStrokes(full with { Strokes = [new Stroke(points[1000..], Pen)] }, 210));
    }

    [Fact]
    public void No_strokes_are_parted_where_they_cross_the_cut_more_often_than_touching_digits_do()
    {
        StrokeDrawing Zigzag(int crossings) => new(280, 280, [new Stroke(
            Enumerable.Range(0, crossings + 1).Select(i => new StrokePoint(i % 2 == 0 ? 100 : 180, 40 + i * 10)).ToArray(), Pen)]);

        Assert.NotNull(TouchingCuts.SplitStrokes(Zigzag(TouchingCuts.MostCrossings), 140));
        Assert.Null(TouchingCuts.SplitStrokes(Zigzag(TouchingCuts.MostCrossings + 1), 140));
    }

    /// <summary>A 1 written down, then without lifting the pen up to the top of a 7 on its right (the run of the pen in steps), and the 7.</summary>
    internal static readonly StrokeDrawing OneAndSevenInOneGo = new(420, 280, [new Stroke(
        [new(80, 60), new(80, 220), new(105, 180), new(130, 140), new(155, 100), new(180, 60), new(300, 60), new(220, 220)], Pen)]);

    [Fact]
    public void Digits_written_without_lifting_the_pen_are_parted_without_the_run_of_the_pen_between_them()
    {
        var (left, right) = Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(OneAndSevenInOneGo, 130, RunOnShape.Straight));

        Assert.Equal([[new(80, 60), new(80, 220)]], left.Strokes.Select(s => s.Points.ToArray()));
        Assert.Equal([[new(180, 60), new(300, 60), new(220, 220)]], right.Strokes.Select(s => s.Points.ToArray()));
        Assert.Equal([Pen, Pen], left.Strokes.Concat(right.Strokes).Select(s => s.Width));
        // Parted as it is, each side keeps half the run.
        var (leftWithRun, _) = Assert.NotNull(TouchingCuts.SplitStrokes(OneAndSevenInOneGo, 130));
        Assert.Equal(new StrokePoint(130, 140), leftWithRun.Strokes[0].Points[^1]);
    }

    /// <summary>A 1 and a 7 in one stroke, the run from the 1's foot to the 7's top bulging by a fifth of its length.</summary>
    private static StrokeDrawing BentRunBetweenOneAndSeven()
    {
        var bentRun = Enumerable.Range(1, 9).Select(k => k / 10f).Select(t => new StrokePoint(
            (1 - t) * (1 - t) * 80 + 2 * (1 - t) * t * 90 + t * t * 180,
            (1 - t) * (1 - t) * 220 + 2 * (1 - t) * t * 60 + t * t * 60));
        return new StrokeDrawing(420, 280, [new Stroke([new(80, 60), new(80, 220), .. bentRun, new(180, 60), new(300, 60), new(220, 220)], Pen)]);
    }

    [Fact]
    public void A_bent_run_of_the_pen_is_left_out_only_when_taken_as_bent()
    {
        var drawing = BentRunBetweenOneAndSeven();

        var (straightLeft, straightRight) = Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(drawing, 130, RunOnShape.Straight));
        var (bentLeft, bentRight) = Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(drawing, 130, RunOnShape.Bent));

        Assert.True(straightLeft.Strokes[0].Points.Count > 2 || straightRight.Strokes[0].Points.Count > 3, "part of the bent run is kept");
        Assert.Equal([new(80, 60), new(80, 220)], bentLeft.Strokes[0].Points);
        Assert.Equal([new(180, 60), new(300, 60), new(220, 220)], bentRight.Strokes[0].Points);
    }

    [Fact]
    public void A_run_of_the_pen_taken_as_bent_is_tried_only_where_it_leaves_other_sides_than_taken_as_straight()
    {
        // A 1 and a narrow 7 in one stroke: the run from the 1's foot to the 7's bar turns sharply at both ends.
        var sharp = new StrokeDrawing(280, 280, [new Stroke([new(80, 60), new(80, 220), new(120, 60), new(200, 60), new(150, 220)], Pen)]);
        var bent = BentRunBetweenOneAndSeven();

        var (left, right) = Assert.Single(TouchingCuts.SplitStrokesWithoutRunOns(sharp, 100));
        Assert.Equal([new(80, 60), new(80, 220)], left.Strokes.Single().Points);
        Assert.Equal([new(120, 60), new(200, 60), new(150, 220)], right.Strokes.Single().Points);
        Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(sharp, 100, RunOnShape.Bent));
        Assert.Equal(2, TouchingCuts.SplitStrokesWithoutRunOns(bent, 130).Count);
    }

    [Fact]
    public void No_run_of_the_pen_is_left_out_where_no_path_or_more_than_one_crossing_crosses_the_cut()
    {
        var zigzag = new StrokeDrawing(280, 280, [new Stroke([new(50, 50), new(150, 100), new(50, 150)], Pen)]);
        var twoStrokes = new StrokeDrawing(280, 280, [new Stroke([new(50, 50), new(150, 60)], Pen), new Stroke([new(50, 150), new(150, 160)], Pen)]);

        Assert.Null(TouchingCuts.SplitStrokesWithoutRunOn(OneAndSevenInOneGo, 50, RunOnShape.Straight)); // every point right of the line
        Assert.Null(TouchingCuts.SplitStrokesWithoutRunOn(zigzag, 100, RunOnShape.Bent));
        Assert.Null(TouchingCuts.SplitStrokesWithoutRunOn(twoStrokes, 100, RunOnShape.Straight));
        Assert.NotNull(TouchingCuts.SplitStrokes(zigzag, 100));
    }

    [Fact]
    public void No_run_of_the_pen_is_left_out_when_what_it_leaves_of_one_side_is_too_short_for_a_digit()
    {
        // An upright, a long way up to the right, and a short stroke down from there: without the way, it is no digit.
        var longWay = new StrokeDrawing(420, 280, [new Stroke([new(80, 60), new(80, 220), new(300, 190), new(300, 220)], Pen)]);

        Assert.Null(TouchingCuts.SplitStrokesWithoutRunOn(longWay, 190, RunOnShape.Straight));
        Assert.NotNull(TouchingCuts.SplitStrokes(longWay, 190));
        // The stroke down as tall as the upright stands in the row: the way is left out.
        var (_, right) = Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(longWay with { Strokes = [new Stroke([new(80, 60), new(80, 220), new(300, 60), new(300, 220)], Pen)] }, 190, RunOnShape.Straight));
        Assert.Equal([new(300, 60), new(300, 220)], right.Strokes.Single().Points);
    }

    [Fact]
    public void No_run_of_the_pen_is_left_out_where_the_pen_goes_on_from_it_low_in_its_side_as_a_4_written_in_one_stroke_does()
    {
        // Down, along the bar, up to the top of the stem and down it: parted at the bar, two strokes much like 1s.
        StrokeDrawing OpenFour(float bar) => new(420, 280, [new Stroke([new(80, 40), new(80, bar), new(220, bar), new(220, 40), new(220, 240)], Pen)]);
        Assert.InRange(TouchingCuts.MostRunOnEntryDepth, 0.4f, 0.7f); // the two drawings below go on either side of it

        // The pen goes on from the bar 70 % of the way down the stem.
        Assert.Null(TouchingCuts.SplitStrokesWithoutRunOn(OpenFour(180), 150, RunOnShape.Straight));
        Assert.Null(TouchingCuts.SplitStrokesWithoutRunOn(OpenFour(180), 150, RunOnShape.Bent));
        // Going on from the run 40 % of the way down its side, as the pen does into a digit it begins.
        var (left, right) = Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(
            new StrokeDrawing(420, 280, [new Stroke([new(80, 40), new(80, 180), new(220, 120), new(220, 40), new(220, 240)], Pen)]), 150, RunOnShape.Straight));
        Assert.Equal([new(80, 40), new(80, 180)], left.Strokes.Single().Points);
        Assert.Equal([new(220, 120), new(220, 40), new(220, 240)], right.Strokes.Single().Points);
    }

    [Fact]
    public void A_drawing_in_one_go_wide_for_one_digit_has_a_cut_to_try_without_the_run_of_the_pen_and_no_more_cuts_than_the_bound()
    {
        var drawn = DigitPreprocessor.Preprocess(OneAndSevenInOneGo);

        Assert.InRange(drawn.CutsToTry.Count, 2, TouchingCuts.MostCutsTried);
        Assert.Equal(TouchingCuts.MostCutsTried, TouchingCuts.MostColumnsTried + TouchingCuts.MostRunOnColumnsTried * Enum.GetValues<RunOnShape>().Length);
        Assert.Contains(drawn.CutsToTry, cut =>
            cut.SideStrokes[0].Strokes.Single().Points.SequenceEqual([new(80, 60), new(80, 220)])
            && cut.SideStrokes[1].Strokes.Single().Points.SequenceEqual([new(180, 60), new(300, 60), new(220, 220)]));
        Assert.Contains(drawn.CutsToTry, cut => cut.SideStrokes[0].Strokes.Single().Points.Count > 2); // parted as it is too
    }

    [Fact]
    public void A_drawing_in_one_go_is_cut_without_the_run_of_the_pen_at_columns_crossed_once_though_columns_crossed_twice_hold_less_ink()
    {
        // A 1, the pen's run up to a D-shaped 0, and the 0: its flat top and bottom hold less ink than the run's columns.
        StrokePoint[] one = [new(80, 40), new(80, 240)], zero = [new(180, 40), new(210, 40), new(290, 140), new(210, 240), new(180, 240), new(180, 40)];
        var drawn = DigitPreprocessor.Preprocess(new StrokeDrawing(560, 280, [new Stroke([.. one, .. zero], Pen)]));

        var withoutTheRun = drawn.CutsToTry.Where(cut => cut.Kind == TouchingCutKind.WithoutRunOn).ToArray();
        Assert.Equal(TouchingCuts.MostRunOnColumnsTried, withoutTheRun.Select(cut => cut.Column).Distinct().Count());
        Assert.All(withoutTheRun, cut => Assert.Equal(one, cut.SideStrokes[0].Strokes.Single().Points));
        Assert.All(withoutTheRun.GroupBy(cut => cut.Column), column => Assert.Contains(column, cut => cut.SideStrokes[1].Strokes.Single().Points.SequenceEqual(zero)));
    }

    [Fact]
    public void A_drawing_in_one_go_too_narrow_for_straight_cuts_is_cut_only_without_the_run_of_the_pen()
    {
        // A 1 and a narrow 7 in one stroke: less than 1.1 times as wide as tall, at least 0.6.
        var narrow = new StrokeDrawing(280, 280, [new Stroke([new(80, 60), new(80, 220), new(120, 60), new(200, 60), new(150, 220)], Pen)]);

        var drawn = DigitPreprocessor.Preprocess(narrow);

        Assert.False(TouchingCuts.IsWideForOne(drawn));
        Assert.True(TouchingCuts.IsWideForOne(drawn, TouchingCuts.MinWidthRatioDrawn));
        Assert.Contains(drawn.CutsToTry, cut =>
            cut.SideStrokes[0].Strokes.Single().Points.SequenceEqual([new(80, 60), new(80, 220)])
            && cut.SideStrokes[1].Strokes.Single().Points.SequenceEqual([new(120, 60), new(200, 60), new(150, 220)]));
        // No straight cut: that would add the point where it crosses the line to both sides.
        Assert.All(drawn.CutsToTry.SelectMany(cut => cut.SideStrokes).SelectMany(side => side.Strokes).SelectMany(stroke => stroke.Points),
            point => Assert.Contains(point, narrow.Strokes[0].Points));
    }

    [Fact]
    public void Strokes_grouped_as_two_digits_are_not_also_cut_without_a_run_of_the_pen()
    {
        // A 1, then a wide 7 whose bar starts left of it: the bar alone crosses the lines between the 1 and the 7's stem.
        var oneAndSeven = new StrokeDrawing(420, 280, [new Stroke([new(100, 60), new(100, 220)], Pen), new Stroke([new(90, 60), new(290, 60), new(200, 220)], Pen)]);
        var (_, barLeftOut) = Assert.NotNull(TouchingCuts.SplitStrokesWithoutRunOn(oneAndSeven, 150, RunOnShape.Straight));
        Assert.Equal([new(290, 60), new(200, 220)], barLeftOut.Strokes.Single().Points);
        Assert.NotEmpty(TouchingCuts.StrokeGroups(oneAndSeven));

        var drawn = DigitPreprocessor.Preprocess(oneAndSeven);

        Assert.Contains(drawn.CutsToTry, cut => cut.Kind == TouchingCutKind.Straight && cut.Column is > 105 and < 195);
        Assert.InRange(drawn.CutsToTry.Count, 1, TouchingCuts.MostColumnsTried);
        Assert.DoesNotContain(drawn.CutsToTry, cut => cut.SideStrokes[1].Strokes.Any(stroke => stroke.Points[0] == new StrokePoint(290, 60)));
    }

    /// <summary>A 9 written wide: a loop 260 px wide and 100 tall, then its stem down from the loop's right, 200 tall in all.</summary>
    private static readonly StrokeDrawing WideNine = new(420, 280, [new Stroke(
        [.. Enumerable.Range(0, 33).Select(i => i * MathF.PI / 16).Select(a => new StrokePoint(170 + 130 * MathF.Cos(a), 100 - 50 * MathF.Sin(a))), new(300, 250)], Pen)]);

    [Fact]
    public void A_single_digit_written_wide_has_no_straight_cut_whose_sides_do_not_stand_in_a_row_drawn_or_as_an_image()
    {
        // Cut down the loop, the left side is half as tall as the right: no digit of its own.
        var sides = Assert.NotNull(TouchingCuts.SplitStrokes(WideNine, 170));
        Assert.Equal(100, PathBounds.Of(sides.Left).Height, 0.01f);
        Assert.Equal(200, PathBounds.Of(sides.Right).Height, 0.01f);
        Assert.False(TouchingCuts.StandInRow(sides));
        Assert.True(TouchingCuts.StandInRow(Assert.NotNull(TouchingCuts.SplitStrokes(WideU, 200))));

        var drawn = DigitPreprocessor.Preprocess(WideNine);
        var image = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(WideNine));

        Assert.True(TouchingCuts.IsWideForOne(drawn));
        Assert.True(TouchingCuts.IsWideForOne(image));
        Assert.Empty(drawn.CutsToTry);
        Assert.Empty(image.CutsToTry);
    }

    [Fact]
    public void A_drawing_wide_for_one_digit_has_cuts_to_try_whose_sides_are_its_strokes_either_side_each_drawn_alone()
    {
        var drawn = DigitPreprocessor.Preprocess(WideU);

        Assert.Equal(1, drawn.SideBySideParts);
        Assert.InRange(drawn.CutsToTry.Count, 2, TouchingCuts.MostCutsTried);
        Assert.Equal(drawn.CutsToTry.Select(c => c.Column).Order(), drawn.CutsToTry.Select(c => c.Column));
        Assert.All(drawn.CutsToTry, cut =>
        {
            var (left, right) = (cut.SideStrokes[0], cut.SideStrokes[1]);
            Assert.InRange(cut.Column, 60, 340);
            Assert.All(left.Strokes.SelectMany(s => s.Points), p => Assert.True(p.X <= cut.Column + 1));
            Assert.All(right.Strokes.SelectMany(s => s.Points), p => Assert.True(p.X >= cut.Column));
            Assert.Equal(DigitPreprocessor.Preprocess(left).Pixels, cut.Left.Pixels);
            Assert.Equal(DigitPreprocessor.Preprocess(right).Pixels, cut.Right.Pixels);
        });

        var number = drawn.CutInTwo(drawn.CutsToTry[0]);
        Assert.True(number.PartedWhereTouching);
        Assert.Equal(drawn.CutsToTry[0].SideStrokes, number.DigitStrokes);
    }

    [Fact]
    public void Two_digits_drawn_across_each_other_are_one_part_that_is_cut_where_they_cross()
    {
        // A 1 and a wide 0 whose marks overlap by more than half the pen: one part to the strokes.
        var tenOverlapping = new StrokeDrawing(420, 280,
            [new Stroke([new(100, 60), new(100, 200)], Pen), new Stroke([new(105, 60), new(265, 60), new(265, 200), new(105, 200), new(105, 60)], Pen)]);

        var drawn = DigitPreprocessor.Preprocess(tenOverlapping);

        Assert.Equal(1, drawn.SideBySideParts);
        Assert.InRange(drawn.CutsToTry.Count, 2, TouchingCuts.MostCutsTried);
        Assert.All(drawn.CutsToTry, cut => Assert.Equal(2, cut.SideStrokes.Count));
        Assert.Contains(drawn.CutsToTry, cut =>
            cut.SideStrokes[0].Strokes.SequenceEqual([tenOverlapping.Strokes[0]]) && cut.SideStrokes[1].Strokes.SequenceEqual([tenOverlapping.Strokes[1]]));
    }

    [Fact]
    public void Strokes_are_grouped_as_the_first_drawn_and_the_rest_or_the_leftmost_and_the_rest_those_overlapping_least_first()
    {
        // A 7 drawn as its stem, then a 1, then the 7's bar going back over the 1's top: drawn out of order.
        var stem = new Stroke([new(180, 60), new(120, 220)], Pen);
        var one = new Stroke([new(200, 60), new(200, 220)], Pen);
        var bar = new Stroke([new(100, 60), new(190, 60)], Pen);
        var drawing = new StrokeDrawing(300, 280, [stem, one, bar]);

        var groups = TouchingCuts.StrokeGroups(drawing);

        Assert.InRange(groups.Count, 1, TouchingCuts.MostStrokeGroupsTried);
        Assert.Equal([stem, bar], groups[0].Left.Strokes); // the leftmost strokes, in drawing order
        Assert.Equal([one], groups[0].Right.Strokes);
        Assert.All(groups, g => Assert.True(PathBounds.Of(g.Left).CentreX < PathBounds.Of(g.Right).CentreX));
        Assert.Empty(TouchingCuts.StrokeGroups(WideU));
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
    public void The_strokes_of_one_digit_and_strokes_that_do_not_hang_together_are_not_grouped_as_two_digits()
    {
        // A 4 in two strokes: its upright beside the rest for less of its height than two digits stand beside each other.
        var four = new StrokeDrawing(280, 280,
            [new Stroke([new(150, 40), new(60, 170), new(220, 170)], Pen), new Stroke([new(170, 90), new(170, 250)], Pen)]);
        // A 1, then a tick at the bottom and a dash at the top far to its right: together as tall as the 1, but apart.
        var oneAndStrays = new StrokeDrawing(280, 280,
            [new Stroke([new(60, 40), new(60, 220)], Pen), new Stroke([new(200, 215), new(210, 220)], Pen), new Stroke([new(200, 40), new(215, 40)], Pen)]);

        Assert.Empty(TouchingCuts.StrokeGroups(four));
        Assert.Empty(TouchingCuts.StrokeGroups(oneAndStrays));
    }

    [Fact]
    public void Groups_reaching_across_each_other_further_than_overlapping_digits_do_are_not_tried()
    {
        // An upright, then an L as tall whose foot reaches back under and past it (by 0.3 and by 0.5 of their height).
        StrokeDrawing Reaching(float back) => new(280, 280,
            [new Stroke([new(100, 40), new(100, 200)], Pen), new Stroke([new(220, 40), new(220, 200), new(140 - back, 200)], Pen)]);

        Assert.NotEmpty(TouchingCuts.StrokeGroups(Reaching(0.3f * 160 + 40)));
        Assert.Empty(TouchingCuts.StrokeGroups(Reaching(0.5f * 160 + 40)));
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
