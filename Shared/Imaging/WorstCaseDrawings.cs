namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The most expensive drawings <see cref="DrawingLimits"/> let through, on the largest canvas with the
/// widest pen allowed there: every point allowed as short segments (each costs a pen-sized box), the
/// path as long as allowed as zig-zags across the whole raster, and every stroke allowed. What the
/// preprocessing benchmark times and the tests count the work of.
/// </summary>
public static class WorstCaseDrawings
{
    public const int CanvasSide = StrokeRasterizer.MaxCanvasSide;

    /// <summary>Just inside the path limit, so rounding never takes a worst case over it.</summary>
    private const float PathAllowanceUsed = 0.98f;

    public static float Pen => DrawingLimits.MaxPenWidth(CanvasSide, CanvasSide);

    private static float AllowedPathLength => DrawingLimits.MaxPathLengthPerSide * CanvasSide * PathAllowanceUsed;

    public static IReadOnlyList<(string Name, StrokeDrawing Drawing)> All =>
    [
        ("most points, short segments", MostPoints()),
        ("longest path, zig-zags", LongestPath()),
        ("most strokes", MostStrokes()),
        ("most dots apart from a line", MostDotsApart()),
    ];

    /// <summary>
    /// The most expensive drawing read as a number: <see cref="SideBySideParts.MostDigitsRead"/> digits side by side,
    /// each a stroke of an equal share of every point allowed, bouncing corner to corner across its square for as long
    /// as its own path limit allows; gaps of a quarter of a digit's side and a pen a tenth of it, so that the digits
    /// stand apart (the widest pen would join them into one part, which costs less).
    /// </summary>
    public static StrokeDrawing MostDigits()
    {
        const int digits = SideBySideParts.MostDigitsRead;
        var side = CanvasSide / (digits * 1.25f);
        var strokes = Enumerable.Range(0, digits)
            .Select(digit => new Stroke(BouncingAcross(digit * side * 1.25f, side, DrawingLimits.MaxTotalPoints / digits, downwards: true), side / 10))
            .ToArray();
        return new StrokeDrawing(CanvasSide, CanvasSide, strokes);
    }

    /// <summary>
    /// <paramref name="count"/> points evenly along a path bouncing corner to corner across a square of
    /// <paramref name="side"/> (from its left edge at <paramref name="left"/>, centred on the canvas), from the top-left
    /// corner when <paramref name="downwards"/>, else from the bottom-left, for as long as its path limit allows.
    /// </summary>
    private static StrokePoint[] BouncingAcross(float left, float side, int count, bool downwards)
    {
        var top = (CanvasSide - side) / 2;
        var diagonal = side * MathF.Sqrt(2f);
        var length = DrawingLimits.MaxPathLengthPerSide * side * PathAllowanceUsed;
        var segments = count - 1;
        return Enumerable.Range(0, count).Select(i =>
        {
            var along = i * length / segments % (2 * diagonal);
            var share = along <= diagonal ? along / diagonal : 2 - along / diagonal;
            return new StrokePoint(left + share * side, top + (downwards ? share : 1 - share) * side);
        }).ToArray();
    }

    /// <summary>
    /// The most expensive drawing read as one piece wide for a digit, whose cuts into two touching digits are tried
    /// (<see cref="TouchingCuts"/>): <see cref="MostDigits"/> drawn with the widest pen, which joins its digits into one
    /// part, its strokes grouped and cut across as two digits' would be, each side redrawn.
    /// </summary>
    public static StrokeDrawing WideForOneDigit()
    {
        var digits = MostDigits();
        return digits with { Strokes = [.. digits.Strokes.Select(stroke => stroke with { Width = Pen })] };
    }

    /// <summary>
    /// The most expensive drawing read as one piece whose cuts are also tried without the pen's run between two digits
    /// (<see cref="TouchingCuts.SplitStrokesWithoutRunOn"/>): two digits in one stroke of every point allowed, each
    /// bouncing corner to corner across its square for as long as its own path limit allows (the first from its
    /// bottom-left corner, the second from its top-left, where a digit the pen runs on into is begun), the pen running
    /// straight from the first's last point to the second's first across a gap as wide as a digit, where the straight
    /// cuts and the cuts without the run cross it once.
    /// </summary>
    public static StrokeDrawing TwoDigitsInOneGo()
    {
        var side = CanvasSide / 3.1f;
        var points = Enumerable.Range(0, 2)
            .SelectMany(digit => BouncingAcross(digit * side * 2f, side, DrawingLimits.MaxTotalPoints / 2, downwards: digit == 1))
            .ToArray();
        return new StrokeDrawing(CanvasSide, CanvasSide, [new Stroke(points, Pen)]);
    }

    /// <summary>Every point allowed in one stroke, back and forth across the canvas in short steps.</summary>
    public static StrokeDrawing MostPoints()
    {
        var step = AllowedPathLength / (DrawingLimits.MaxTotalPoints - 1);
        var perRow = (int)(CanvasSide / step);
        var points = new StrokePoint[DrawingLimits.MaxTotalPoints];
        for (var i = 0; i < points.Length; i++)
        {
            var (row, column) = (i / perRow, i % perRow);
            points[i] = new StrokePoint(row % 2 == 0 ? column * step : CanvasSide - column * step, Math.Min(CanvasSide, row * 3f));
        }

        return new StrokeDrawing(CanvasSide, CanvasSide, [new Stroke(points, Pen)]);
    }

    /// <summary>Corner to corner across the whole canvas for as long as the path limit allows.</summary>
    public static StrokeDrawing LongestPath()
    {
        var corners = (int)(AllowedPathLength / (CanvasSide * MathF.Sqrt(2f))) + 1;
        var points = Enumerable.Range(0, corners)
            .Select(i => i % 2 == 0 ? new StrokePoint(0, 0) : new StrokePoint(CanvasSide, CanvasSide))
            .ToArray();
        return new StrokeDrawing(CanvasSide, CanvasSide, [new Stroke(points, Pen)]);
    }

    /// <summary>
    /// The most work for the search for stray ink (<see cref="SideBySideParts.SplitInRow"/>): one stroke going round the
    /// canvas's edge on half the points allowed, so that its bounding box holds the whole canvas, and the other half as
    /// dots (one-point strokes) in a grid inside it, none touching it: each dot is measured against every segment.
    /// </summary>
    public static StrokeDrawing MostDotsApart()
    {
        var strokes = Math.Min(DrawingLimits.MaxStrokes, DrawingLimits.MaxTotalPoints / 2);
        var linePoints = DrawingLimits.MaxTotalPoints - (strokes - 1);
        var (near, far) = (Pen / 2, CanvasSide - Pen / 2);
        StrokePoint[] corners = [new(near, near), new(far, near), new(far, far), new(near, far)];
        var lap = 4 * (far - near);
        var laps = Math.Min(DrawingLimits.MaxPathLengthPerSide * (far - near) * PathAllowanceUsed / lap, (linePoints - 1) / 4f);
        var line = Enumerable.Range(0, linePoints).Select(i =>
        {
            var along = i * laps * lap / (linePoints - 1) % lap;
            var (side, at) = ((int)(along / (far - near)) % 4, along % (far - near) / (far - near));
            var (from, to) = (corners[side], corners[(side + 1) % 4]);
            return new StrokePoint(from.X + at * (to.X - from.X), from.Y + at * (to.Y - from.Y));
        }).ToArray();
        var perRow = (int)MathF.Ceiling(MathF.Sqrt(strokes - 1));
        var (inner, cell) = (2 * Pen, (CanvasSide - 4 * Pen) / perRow);
        var dots = Enumerable.Range(0, strokes - 1)
            .Select(i => new Stroke([new StrokePoint(inner + (i % perRow + 0.5f) * cell, inner + (i / perRow + 0.5f) * cell)], Pen));
        return new StrokeDrawing(CanvasSide, CanvasSide, [new Stroke(line, Pen), .. dots]);
    }

    /// <summary>Every stroke allowed (two points each, within the point limit), spread over the canvas.</summary>
    public static StrokeDrawing MostStrokes()
    {
        var count = Math.Min(DrawingLimits.MaxStrokes, DrawingLimits.MaxTotalPoints / 2);
        var perRow = (int)MathF.Ceiling(MathF.Sqrt(count));
        var cell = (float)CanvasSide / perRow;
        var length = MathF.Min(AllowedPathLength / count, cell) / MathF.Sqrt(2f);
        var strokes = Enumerable.Range(0, count).Select(i =>
        {
            var (x, y) = (i % perRow * cell, i / perRow * cell);
            return new Stroke([new StrokePoint(x, y), new StrokePoint(x + length, y + length)], Pen);
        }).ToArray();
        return new StrokeDrawing(CanvasSide, CanvasSide, strokes);
    }
}
