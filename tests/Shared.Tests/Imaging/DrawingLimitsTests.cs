using MnistBlazor.Shared.Imaging;
using Xunit.Abstractions;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class DrawingLimitsTests(ITestOutputHelper output)
{
    public static TheoryData<string> WorstCases => new(WorstCaseDrawings.All.Select(c => c.Name));

    private static StrokeDrawing WorstCase(string name) => WorstCaseDrawings.All.Single(c => c.Name == name).Drawing;

    [Theory]
    [MemberData(nameof(WorstCases))]
    public void The_worst_drawings_within_the_limits_are_redrawn_on_a_small_raster_with_bounded_work(string name)
    {
        var drawing = WorstCase(name);
        DrawingLimits.Validate(drawing); // within the limits

        var work = PreprocessingWork.Of(drawing);

        output.WriteLine($"{name}: {work}");
        Assert.Equal(WorstCaseDrawings.CanvasSide, drawing.Width);
        Assert.InRange(work.RasterWidth, 1, PreprocessingWork.MaxRasterSide);
        Assert.InRange(work.RasterHeight, 1, PreprocessingWork.MaxRasterSide);
        Assert.InRange(work.PixelsVisited, 1, PreprocessingWork.MaxPixelsVisited);
    }

    /// <summary>A drawing within the limits preprocessed, the work it took, and the pixels its whole alone visits when drawn once.</summary>
    private static (PreprocessedDigit Digit, PreprocessingWork Work, long WholeAlone) PreprocessedWithItsWork(StrokeDrawing drawing)
    {
        DrawingLimits.Validate(drawing);
        StrokeRasterizer.Rasterize(DigitPreprocessor.Normalize(drawing)!, out var wholeAlone);
        return (DigitPreprocessor.Preprocess(drawing), PreprocessingWork.Of(drawing), wholeAlone);
    }

    [Fact]
    public void The_worst_number_within_the_limits_is_read_digit_by_digit_with_bounded_work()
    {
        var drawing = WorstCaseDrawings.MostDigits();

        var (digit, work, wholeAlone) = PreprocessedWithItsWork(drawing);

        output.WriteLine($"most digits: {work}; the whole alone: {wholeAlone} pixels visited");
        Assert.Equal(SideBySideParts.MostDigitsRead, digit.Digits.Count);
        Assert.All(drawing.Strokes, stroke => Assert.InRange(
            DrawingLimits.PathSize(drawing with { Strokes = [stroke] }).Length,
            0.9 * DrawingLimits.MaxPathLengthPerSide * PathBounds.Of(drawing with { Strokes = [stroke] }).LongerSide,
            DrawingLimits.MaxPathLengthPerSide * PathBounds.Of(drawing with { Strokes = [stroke] }).LongerSide));
        Assert.InRange(work.PixelsVisited, wholeAlone + 1, PreprocessingWork.MaxPixelsVisited);
    }

    [Fact]
    public void The_worst_piece_wide_for_one_digit_within_the_limits_has_its_cuts_tried_with_bounded_work()
    {
        var drawing = WorstCaseDrawings.WideForOneDigit();

        var (piece, work, wholeAlone) = PreprocessedWithItsWork(drawing);

        output.WriteLine($"wide for one digit: {work}, {piece.CutsToTry.Count} cuts; the whole alone: {wholeAlone} pixels visited");
        Assert.Empty(piece.Digits);
        Assert.InRange(piece.CutsToTry.Count, 1, TouchingCuts.MostCutsTried);
        Assert.All(piece.CutsToTry, cut => Assert.Equal(TouchingCutKind.StrokeGroups, cut.Kind)); // a straight cut would cross its zig-zags too often
        Assert.InRange(work.PixelsVisited, 3 * wholeAlone, PreprocessingWork.MaxPixelsVisited);
    }

    [Fact]
    public void The_worst_two_digits_written_in_one_go_have_their_cuts_without_the_run_tried_with_bounded_work()
    {
        var drawing = WorstCaseDrawings.TwoDigitsInOneGo();
        DrawingLimits.Validate(drawing);

        var (piece, work, wholeAlone) = PreprocessedWithItsWork(drawing);

        output.WriteLine($"two digits in one go: {work}, {piece.CutsToTry.Count} cuts; the whole alone: {wholeAlone} pixels visited");
        Assert.Equal(DrawingLimits.MaxTotalPoints, drawing.Strokes.Single().Points.Count);
        Assert.Empty(piece.Digits);
        Assert.Equal(TouchingCuts.MostCutsTried, piece.CutsToTry.Count); // every straight cut and every cut without the run
        var drawn = drawing.Strokes.Single().Points.ToHashSet();
        var withoutTheRun = piece.CutsToTry.Count(cut => cut.SideStrokes.SelectMany(side => side.Strokes).SelectMany(stroke => stroke.Points).All(drawn.Contains));
        Assert.Equal(2 * TouchingCuts.MostRunOnColumnsTried, withoutTheRun);
        Assert.InRange(work.PixelsVisited, 4 * wholeAlone, PreprocessingWork.MaxPixelsVisited);
    }

    [Fact]
    public void The_worst_drawing_for_the_stray_ink_search_has_every_dot_measured_and_left_out()
    {
        var drawing = WorstCaseDrawings.MostDotsApart();
        DrawingLimits.Validate(drawing);

        var row = SideBySideParts.SplitInRow(drawing);

        Assert.Equal(DrawingLimits.MaxTotalPoints, drawing.Strokes.Sum(stroke => stroke.Points.Count));
        Assert.Equal(Math.Min(DrawingLimits.MaxStrokes, DrawingLimits.MaxTotalPoints / 2), drawing.Strokes.Count);
        Assert.Equal([drawing.Strokes[0]], Assert.Single(row.Parts).Strokes);
        Assert.Equal(Enumerable.Range(1, drawing.Strokes.Count - 1), row.StrokesLeftOut);
        var line = PathBounds.Of([drawing.Strokes[0].Points]);
        Assert.All(drawing.Strokes.Skip(1), dot => Assert.True(
            dot.Points[0].X > line.MinX && dot.Points[0].X < line.MaxX && dot.Points[0].Y > line.MinY && dot.Points[0].Y < line.MaxY));
    }

    [Fact]
    public void A_number_whose_digit_has_a_path_too_long_for_its_size_is_counted_but_not_read_digit_by_digit()
    {
        // A 0 gone over twice, and beside it a scribble 21 times as long as its own side, within the whole drawing's limit.
        var zero = new Stroke(Enumerable.Range(0, 49).Select(i => i * Math.PI / 12)
            .Select(a => new StrokePoint(70 + (float)(50 * Math.Sin(a)), 140 - (float)(100 * Math.Cos(a)))).ToArray(), 10);
        var scribble = new Stroke(Enumerable.Range(0, 22).Select(i => i % 2 == 0 ? new StrokePoint(240, 60) : new StrokePoint(280, 220)).ToArray(), 10);
        var drawing = new StrokeDrawing(280, 280, [zero, scribble]);
        DrawingLimits.Validate(drawing);

        var digit = DigitPreprocessor.Preprocess(drawing);

        Assert.False(DrawingLimits.HasDigitSizedPath(drawing with { Strokes = [scribble] }));
        Assert.Equal(2, digit.SideBySideParts);
        Assert.Empty(digit.Digits);
    }

    [Theory]
    [MemberData(nameof(WorstCases))]
    public void The_declared_canvas_does_not_change_the_work_and_the_pen_only_by_the_loops_looked_for(string name)
    {
        var drawing = WorstCase(name);
        var thinPen = drawing with { Strokes = [.. drawing.Strokes.Select(s => s with { Width = 1 })] };
        // The same points on the pad's 280-pixel canvas, shrunk to fit (the path limit is relative to the drawing's size).
        var scale = (float)DrawingPadGeometry.CanvasSide / drawing.Width;
        var onThePad = new StrokeDrawing(DrawingPadGeometry.CanvasSide, DrawingPadGeometry.CanvasSide,
            [.. drawing.Strokes.Select(s => new Stroke([.. s.Points.Select(p => new StrokePoint(p.X * scale, p.Y * scale))], DrawingPadGeometry.MaxPenWidth))]);

        var work = PreprocessingWork.Of(drawing);

        // The pen decides which strokes touch, and so which loops they may close are looked for: that work is bounded apart.
        var loopWork = (1 + RowsOfWriting.MostRows) * SideBySideParts.MostLoopPixelsVisited;
        Assert.InRange(PreprocessingWork.Of(thinPen).PixelsVisited, work.PixelsVisited - loopWork, work.PixelsVisited + loopWork);
        var padWork = PreprocessingWork.Of(onThePad);
        Assert.InRange(padWork.RasterWidth, work.RasterWidth - 1, work.RasterWidth + 1); // float rounding of the scaled points
        Assert.InRange(padWork.RasterHeight, work.RasterHeight - 1, work.RasterHeight + 1);
        Assert.Equal(work.PixelsVisited, padWork.PixelsVisited, tolerance: work.PixelsVisited * 0.01);
    }

    [Fact]
    public void A_path_much_longer_than_the_drawing_is_refused()
    {
        // 200 back-and-forth strokes across a 100-pixel line: 40,000 pixels of path on a 100-pixel drawing.
        var points = Enumerable.Range(0, 401).Select(i => new StrokePoint(i % 2 == 0 ? 10 : 110, 50)).ToArray(); // 40,000 pixels of path
        var drawing = new StrokeDrawing(280, 280, [new Stroke(points, 10)]);

        var error = Assert.Throws<ArgumentException>(() => DigitPreprocessor.Preprocess(drawing));
        Assert.Equal(
            $"The drawing's path is 40000 pixels long, more than {DrawingLimits.MaxPathLengthPerSide:0} times its longer side (100 pixels); a digit's strokes are far shorter.",
            error.Message);
    }

    [Fact]
    public void A_pen_wider_than_the_pads_widest_is_refused_for_the_canvas_it_is_on()
    {
        var point = new[] { new StrokePoint(10, 10), new StrokePoint(100, 100) };
        DrawingLimits.Validate(new StrokeDrawing(280, 280, [new Stroke(point, DrawingPadGeometry.MaxPenWidth)]));
        DrawingLimits.Validate(new StrokeDrawing(2800, 2800, [new Stroke(point, 400)]));

        var error = Assert.Throws<ArgumentException>(() =>
            DrawingLimits.Validate(new StrokeDrawing(280, 280, [new Stroke(point, 280)])));
        Assert.Equal("strokes[0].width is 280; it must be above 0 and at most 40 (1/7 of the 280x280 canvas's longer side).", error.Message);
    }

    [Fact]
    public void Preprocessing_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var drawing = WorstCaseDrawings.MostPoints();

        Assert.ThrowsAny<OperationCanceledException>(() => DigitPreprocessor.Preprocess(drawing, cancelled.Token));
    }

    [Fact]
    public void Digit_shapes_even_overwritten_are_far_inside_the_path_limit()
    {
        foreach (var digit in SamplePenDigitsRatio())
        {
            Assert.True(digit < DrawingLimits.MaxPathLengthPerSide / 2, $"path/side ratio {digit}");
        }
    }

    /// <summary>Path length over size of a few digit shapes: a looped 8, a 1, a scribbled-over 0.</summary>
    private static IEnumerable<double> SamplePenDigitsRatio()
    {
        StrokeDrawing Circle(int turns) => new(280, 280, [new Stroke(
            Enumerable.Range(0, 72 * turns + 1).Select(i => new StrokePoint(140 + 60 * MathF.Cos(i * MathF.PI / 36), 140 + 90 * MathF.Sin(i * MathF.PI / 36))).ToArray(), 20)]);
        foreach (var drawing in new[] { Circle(1), Circle(3) })
        {
            var (length, side) = DrawingLimits.PathSize(drawing);
            yield return length / side;
        }
    }
}
