namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Where ink read as one digit but wide for one (<see cref="MinWidthRatio"/>) may be cut into two digits that touch:
/// the columns that hold the least ink near them, each cut straight down (<see cref="Columns"/>; a drawing's strokes are
/// parted there, <see cref="SplitStrokes"/>, and, where one path crosses the line, also without the run of the pen
/// through it, <see cref="SplitStrokesWithoutRunOn"/>); and of a drawing, its strokes in two groups standing in a row
/// as two digits drawn across each other do (<see cref="StrokeGroups"/>). Every cut leaves two sides that stand in one
/// row as digits do (<see cref="SideBySideParts.MinTouchingHeightRatio"/>). Which cut (if any) parts two digits is not
/// something the ink alone can tell (a 0 cut down its middle leaves two strokes much like 1s): the models read both
/// sides of each cut, and <see cref="Inference.TouchingDigitsReading"/> decides.
/// </summary>
public static class TouchingCuts
{
    /// <summary>
    /// How many times as wide as tall an image's ink read as one digit is at least for cuts to be tried: less than
    /// <see cref="PreprocessedDigit.WiderThanADigitRatio"/>, as two touching digits are often narrower together (a 1
    /// beside a digit) and the models' reading, not the width, tells a wide digit from two.
    /// </summary>
    public const double MinWidthRatio = 1.1;

    /// <summary>
    /// How many times as wide as tall a drawing's ink read as one digit is at least for its strokes to be tried in two
    /// groups (<see cref="StrokeGroups"/>); straight cuts need <see cref="MinWidthRatio"/>.
    /// </summary>
    public const double MinWidthRatioDrawn = 0.6;

    /// <summary>
    /// Whether a digit's ink is at least <paramref name="minWidthRatio"/> times as wide as tall: wide enough for cuts into
    /// two touching digits to be tried, or, of a cut's side, as wide as two digits.
    /// </summary>
    public static bool IsWideForOne(PreprocessedDigit digit, double minWidthRatio = MinWidthRatio)
    {
        ArgumentNullException.ThrowIfNull(digit);
        return digit.FittedBounds.Width >= minWidthRatio * digit.FittedBounds.Height;
    }

    /// <summary>The most parts of a number whose cuts are tried (its widest): each costs the models up to two images per cut.</summary>
    public const int MostPartsCut = 3;

    /// <summary>
    /// The most columns of least ink a piece of ink is cut at (<see cref="Columns"/>), a drawing's groupings of strokes
    /// counted among them.
    /// </summary>
    public const int MostColumnsTried = 4;

    /// <summary>
    /// How many of a drawing's columns of least ink are also tried without the run of the pen through them
    /// (<see cref="SplitStrokesWithoutRunOn"/>), the run taken as straight and as bent: the first that can be cut so,
    /// of the <see cref="MostColumnsTried"/> of least ink.
    /// </summary>
    public const int MostRunOnColumnsTried = 2;

    /// <summary>The most cuts tried in one piece of ink: each costs the models two more images to read.</summary>
    public const int MostCutsTried = MostColumnsTried + 2 * MostRunOnColumnsTried;

    /// <summary>
    /// The tallest ink (in pixels) whose cuts are fitted from the ink as it is: taller ink, from a large photo, is first
    /// reduced by averaging whole blocks of pixels, which bounds the work of fitting its sides.
    /// </summary>
    public const int MaxCutHeight = 512;

    /// <summary>How wide either side of a cut is at least, as a share of the ink's height (a 1 is narrow).</summary>
    public const double MinSideShare = 0.1;

    /// <summary>
    /// The columns (from the left of <paramref name="bounds"/>) to cut the ink inside it at, fewest ink first: where the
    /// columns' ink, each averaged with its neighbours, is least locally, at most <see cref="MostColumnsTried"/> and each
    /// <see cref="MinSideShare"/> of the height from the others and from either end.
    /// </summary>
    public static IReadOnlyList<int> Columns(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        var apart = Math.Max(1, (int)Math.Ceiling(MinSideShare * bounds.Height));
        if (bounds.Width < 2 * apart + 1)
        {
            return [];
        }

        var columnInk = new double[bounds.Width];
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var row = ink.Slice(y * width + bounds.X, bounds.Width);
            for (var x = 0; x < row.Length; x++)
            {
                columnInk[x] += row[x] > noiseLevel ? row[x] : 0;
            }
        }

        var smoothed = Enumerable.Range(0, bounds.Width)
            .Select(x => (columnInk[Math.Max(0, x - 1)] + columnInk[x] + columnInk[Math.Min(bounds.Width - 1, x + 1)]) / 3)
            .ToArray();
        var least = Enumerable.Range(apart, bounds.Width - 2 * apart)
            .Where(x => smoothed[x] <= smoothed[x - 1] && smoothed[x] <= smoothed[x + 1])
            .OrderBy(x => smoothed[x]).ThenBy(x => Math.Abs(x - bounds.Width / 2));
        var chosen = new List<int>(MostColumnsTried);
        foreach (var column in least)
        {
            if (chosen.All(other => Math.Abs(other - column) >= apart))
            {
                chosen.Add(column);
                if (chosen.Count == MostColumnsTried)
                {
                    break;
                }
            }
        }

        return chosen;
    }

    /// <summary>How many times at most a drawing's strokes cross a cut (<see cref="SplitStrokes"/>): where two digits touch, a few.</summary>
    public const int MostCrossings = 8;

    /// <summary>
    /// A drawing's strokes cut straight down at <paramref name="x"/> (canvas pixels): each path parted where it crosses
    /// the line, what lies left of it going to the left side and the rest to the right, each piece drawn with its
    /// stroke's pen. Null when a side is left without strokes, when the strokes cross the line more than
    /// <see cref="MostCrossings"/> times (each crossing adds a point to both sides and a stroke to one), or when a side
    /// would hold more than a drawing may (<see cref="DrawingLimits"/>).
    /// </summary>
    public static (StrokeDrawing Left, StrokeDrawing Right)? SplitStrokes(StrokeDrawing drawing, float x)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var (left, right, crossings) = (new List<Stroke>(), new List<Stroke>(), 0);
        foreach (var stroke in drawing.Strokes)
        {
            var run = new List<StrokePoint> { stroke.Points[0] };
            var onLeft = stroke.Points[0].X < x;
            for (var i = 1; i < stroke.Points.Count; i++)
            {
                var (from, to) = (stroke.Points[i - 1], stroke.Points[i]);
                if (to.X < x != onLeft)
                {
                    if (++crossings > MostCrossings)
                    {
                        return null;
                    }

                    var crossing = new StrokePoint(x, from.Y + (x - from.X) / (to.X - from.X) * (to.Y - from.Y));
                    run.Add(crossing);
                    (onLeft ? left : right).Add(new Stroke(run.ToArray(), stroke.Width));
                    (run, onLeft) = ([crossing], !onLeft);
                }

                run.Add(to);
            }

            (onLeft ? left : right).Add(new Stroke(run.ToArray(), stroke.Width));
        }

        return Sides(drawing, left, right);
    }

    /// <summary>
    /// Whether the two sides of a drawing's strokes cut in two stand in one row as digits do (their paths' bounds:
    /// <see cref="SideBySideParts.MinTouchingHeightRatio"/>). A single digit written wide, cut down its middle, often
    /// leaves a side only part of its height (a 9's loop above its stem, a 7's bar), which the models may still read
    /// surely as a digit.
    /// </summary>
    public static bool StandInRow((StrokeDrawing Left, StrokeDrawing Right) sides)
    {
        ArgumentNullException.ThrowIfNull(sides.Left);
        ArgumentNullException.ThrowIfNull(sides.Right);
        return SideBySideParts.ShareTheRow(PathBounds.Of(sides.Left), PathBounds.Of(sides.Right));
    }

    /// <summary>
    /// A drawing's strokes cut straight down at <paramref name="x"/> (canvas pixels) where exactly one path crosses the
    /// line, as two digits written without lifting the pen are joined: the run of that path through the line, which
    /// neither digit holds, left out. The run is the stretch around the crossing that stays close to the straight line
    /// between its ends: within <see cref="RunOnTolerance"/> of the drawing's height, and when <paramref name="shape"/> is
    /// <see cref="RunOnShape.Bent"/> also within <see cref="MostRunOnBend"/> of its own length, reaching at most
    /// <see cref="MostRunOnPoints"/> points either way. What lies left of it goes to the left side, the rest to the
    /// right. Null when no path crosses the line or the paths cross it more than once (digits written across each
    /// other), when the two sides do not stand in one row as digits do (<see cref="SideBySideParts.MinTouchingHeightRatio"/>:
    /// the tail of a single digit written wide is no digit of its own), when the pen goes on from the run into its side
    /// lower than <see cref="MostRunOnEntryDepth"/> of that side's height (a 4 written in one stroke, its bar the run), or
    /// when a side would be empty or hold more than a drawing may.
    /// </summary>
    public static (StrokeDrawing Left, StrokeDrawing Right)? SplitStrokesWithoutRunOn(StrokeDrawing drawing, float x, RunOnShape shape)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var (tolerance, bend) = (RunOnTolerance * PathBounds.Of(drawing).Height, shape == RunOnShape.Bent ? MostRunOnBend : 0f);
        var (left, right, crossed) = (new List<Stroke>(), new List<Stroke>(), false);
        StrokePoint? goesOnFrom = null;
        foreach (var stroke in drawing.Strokes)
        {
            var points = stroke.Points;
            var (runStart, onLeft) = (0, points[0].X < x); // the piece being followed: points[runStart..i - 1]
            for (var i = 1; i < points.Count; i++)
            {
                if (points[i].X < x == onLeft)
                {
                    continue;
                }

                if (crossed)
                {
                    return null;
                }

                crossed = true;
                var (start, end) = RunAround(points, i, tolerance, bend);
                if (start > runStart)
                {
                    (onLeft ? left : right).Add(new Stroke(points.Skip(runStart).Take(start - runStart + 1).ToArray(), stroke.Width));
                }

                (runStart, onLeft, i) = (end, points[end].X < x, end);
                goesOnFrom = end < points.Count - 1 ? points[end] : null;
            }

            if (runStart < points.Count - 1 || points.Count == 1)
            {
                (onLeft ? left : right).Add(new Stroke(points.Skip(runStart).ToArray(), stroke.Width));
            }
        }

        if (!crossed || Sides(drawing, left, right) is not { } sides)
        {
            return null;
        }

        // The row rule of StandInRow, on bounds taken once for it and for where the pen goes on.
        var (leftBounds, rightBounds) = (PathBounds.Of(sides.Left), PathBounds.Of(sides.Right));
        return SideBySideParts.ShareTheRow(leftBounds, rightBounds) && GoesOnNearTheTop() ? sides : null;

        bool GoesOnNearTheTop()
        {
            if (goesOnFrom is not { } from)
            {
                return true;
            }

            var side = from.X < x ? leftBounds : rightBounds;
            return from.Y - side.MinY <= MostRunOnEntryDepth * side.Height;
        }
    }

    /// <summary>
    /// How far down its side's ink, at most, the pen goes on from a run of the pen through a cut
    /// (<see cref="SplitStrokesWithoutRunOn"/>), as a share of the side's height. A number written without lifting the
    /// pen runs from where one digit ends to where the next begins, and digits are begun in their upper half; a 4
    /// written in one stroke runs along its bar and goes on from the bar's end, lower than that, up its stem: its bar is
    /// no run between two 1s. (A 4 whose bar is higher leaves a part left of the stem too short to stand in a row with it.)
    /// </summary>
    public const float MostRunOnEntryDepth = 0.5f;

    /// <summary>
    /// The drawing's strokes cut at <paramref name="x"/> without the run of the pen through the line taken as each
    /// <see cref="RunOnShape"/> (<see cref="SplitStrokesWithoutRunOn"/>), a shape left out when it leaves the same sides
    /// as one before it (a straight run is often all the bent one reaches), so that no sides are read twice.
    /// </summary>
    public static IReadOnlyList<(StrokeDrawing Left, StrokeDrawing Right)> SplitStrokesWithoutRunOns(StrokeDrawing drawing, float x)
    {
        var distinct = new List<(StrokeDrawing Left, StrokeDrawing Right)>();
        foreach (var shape in Enum.GetValues<RunOnShape>())
        {
            if (SplitStrokesWithoutRunOn(drawing, x, shape) is { } sides
                && !distinct.Any(other => SameStrokes(other.Left, sides.Left) && SameStrokes(other.Right, sides.Right)))
            {
                distinct.Add(sides);
            }
        }

        return distinct;

        static bool SameStrokes(StrokeDrawing a, StrokeDrawing b) =>
            a.Strokes.Count == b.Strokes.Count && a.Strokes.Zip(b.Strokes).All(pair => pair.First.Points.SequenceEqual(pair.Second.Points));
    }

    /// <summary>How far a run of the pen through a cut (<see cref="SplitStrokesWithoutRunOn"/>) strays at most from a straight line, as a share of the drawing's height.</summary>
    public const float RunOnTolerance = 0.04f;

    /// <summary>How far a bent run of the pen through a cut strays at most from a straight line between its ends, as a share of its length.</summary>
    public const float MostRunOnBend = 0.25f;

    /// <summary>The most points of a path a run of the pen through a cut reaches on either side of the crossing (bounding the work of following it).</summary>
    public const int MostRunOnPoints = 64;

    /// <summary>The first and last points of the run of <paramref name="points"/> through the segment ending at point <paramref name="crossing"/>.</summary>
    private static (int Start, int End) RunAround(IReadOnlyList<StrokePoint> points, int crossing, float tolerance, float bend)
    {
        var (start, end) = (crossing - 1, crossing);
        while (start > 0 && crossing - start < MostRunOnPoints && StaysClose(points, start - 1, end, tolerance, bend))
        {
            start--;
        }

        while (end < points.Count - 1 && end - crossing < MostRunOnPoints && StaysClose(points, start, end + 1, tolerance, bend))
        {
            end++;
        }

        return (start, end);
    }

    /// <summary>Whether the points between <paramref name="first"/> and <paramref name="last"/> lie close enough to the straight line between them.</summary>
    private static bool StaysClose(IReadOnlyList<StrokePoint> points, int first, int last, float tolerance, float bend)
    {
        var (a, b) = (points[first], points[last]);
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length = MathF.Sqrt(dx * dx + dy * dy);
        var allowed = MathF.Max(tolerance, bend * length);
        for (var k = first + 1; k < last; k++)
        {
            var (px, py) = (points[k].X - a.X, points[k].Y - a.Y);
            var away = length == 0 ? MathF.Sqrt(px * px + py * py) : MathF.Abs(px * dy - py * dx) / length;
            if (away > allowed)
            {
                return false;
            }
        }

        return true;
    }

    private static (StrokeDrawing Left, StrokeDrawing Right)? Sides(StrokeDrawing drawing, List<Stroke> left, List<Stroke> right)
    {
        var sides = (drawing with { Strokes = left }, drawing with { Strokes = right });
        return IsDrawable(sides.Item1) && IsDrawable(sides.Item2) ? sides : null;
    }

    /// <summary>The most ways of parting a drawing's strokes into two groups (<see cref="StrokeGroups"/>) tried, within <see cref="MostColumnsTried"/>.</summary>
    public const int MostStrokeGroupsTried = 2;

    /// <summary>
    /// Two digits drawn across each other, each with strokes of its own, parted by strokes: the drawing's strokes split
    /// in two groups, the first strokes drawn and the rest, or the leftmost (by the middle of their paths) and the rest,
    /// the left group's middle left of the right's, reaching across it by at most <see cref="MaxGroupOverlapShare"/> of
    /// their height, and the two standing in one row as digits do (about as tall as each other and beside each other:
    /// <see cref="SideBySideParts.MinTouchingHeightRatio"/>, which a 4's bar or a 7's crossbar is not), each group's
    /// strokes hanging together; those whose groups overlap least across first, at most <see cref="MostStrokeGroupsTried"/>.
    /// Each group keeps its strokes in drawing order. None for a single stroke.
    /// </summary>
    public static IReadOnlyList<StrokeGrouping> StrokeGroups(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var count = drawing.Strokes.Count;
        if (count < 2 || count > MostStrokesGrouped)
        {
            return [];
        }

        var middles = drawing.Strokes.Select(stroke => PathBounds.Of([stroke.Points]).CentreX).ToArray();
        var byMiddle = Enumerable.Range(0, count).OrderBy(i => middles[i]).ToArray();
        var inOrder = Enumerable.Range(0, count).ToArray();
        return new[] { inOrder, byMiddle }
            .SelectMany(order => Enumerable.Range(1, count - 1).Select(first => order[..first].ToHashSet()))
            .DistinctBy(group => string.Join(',', group.Order()))
            .Select(leftStrokes => AsTwoDigits(drawing, leftStrokes))
            .OfType<(StrokeGrouping Grouping, float Overlap)>()
            .OrderBy(groups => groups.Overlap)
            .Take(MostStrokeGroupsTried)
            .Select(groups => groups.Grouping)
            .ToArray();
    }

    /// <summary>
    /// The drawing's strokes in two groups, <paramref name="leftStrokes"/> and the rest, and how far they reach across
    /// each other (a share of the taller's height), when they may be two digits (<see cref="StrokeGroups"/>); else null.
    /// </summary>
    private static (StrokeGrouping Grouping, float Overlap)? AsTwoDigits(StrokeDrawing drawing, HashSet<int> leftStrokes)
    {
        var left = drawing with { Strokes = drawing.Strokes.Where((_, i) => leftStrokes.Contains(i)).ToArray() };
        var right = drawing with { Strokes = drawing.Strokes.Where((_, i) => !leftStrokes.Contains(i)).ToArray() };
        var (leftBounds, rightBounds) = (PathBounds.Of(left), PathBounds.Of(right));
        var overlap = (leftBounds.MaxX - rightBounds.MinX) / MathF.Max(leftBounds.Height, rightBounds.Height);
        return leftBounds.CentreX < rightBounds.CentreX && overlap <= MaxGroupOverlapShare
            && SideBySideParts.ShareTheRow(leftBounds, rightBounds) && HangTogether(left) && HangTogether(right)
            && IsDrawable(left) && IsDrawable(right)
            ? (new StrokeGrouping(left, right, (leftBounds.MaxX + rightBounds.MinX) / 2), overlap)
            : null;
    }

    /// <summary>
    /// How far two groups of strokes (<see cref="StrokeGroups"/>) may reach across each other at most, path over path, as
    /// a share of the taller's height: two digits whose marks overlap by 15 % of their height with a pen a seventh of it
    /// reach about 0.3; the strokes of one digit mostly lie over each other.
    /// </summary>
    public const double MaxGroupOverlapShare = 0.35;

    /// <summary>The most strokes a drawing may have for its strokes to be grouped (<see cref="StrokeGroups"/>): two digits take a few.</summary>
    public const int MostStrokesGrouped = 12;

    /// <summary>
    /// Whether a group's strokes hang together as one digit's do: each reached from the others through strokes whose
    /// marks' boxes meet (a stray dash far from a digit's small tick does not make a digit with it).
    /// </summary>
    private static bool HangTogether(StrokeDrawing group)
    {
        var boxes = group.Strokes.Select(stroke => PathBounds.Of([stroke.Points]).Widened(stroke.Width / 2)).ToArray();
        var reached = new HashSet<int> { 0 };
        for (var added = true; added;)
        {
            var more = Enumerable.Range(0, boxes.Length).Where(i => !reached.Contains(i) && reached.Any(j => Meet(boxes[i], boxes[j]))).ToArray();
            reached.UnionWith(more);
            added = more.Length > 0;
        }

        return reached.Count == boxes.Length;

        static bool Meet(PathBounds a, PathBounds b) => a.MinX <= b.MaxX && b.MinX <= a.MaxX && a.MinY <= b.MaxY && b.MinY <= a.MaxY;
    }

    private static bool IsDrawable(StrokeDrawing side) =>
        side.Strokes.Count is > 0 and <= DrawingLimits.MaxStrokes
        && side.Strokes.Sum(stroke => stroke.Points.Count) <= DrawingLimits.MaxTotalPoints
        && DrawingLimits.HasDigitSizedPath(side);
}

/// <summary>
/// A drawing's strokes in two groups that may be two digits drawn across each other (<see cref="TouchingCuts.StrokeGroups"/>),
/// and the canvas column halfway between the left group's paths and the right's.
/// </summary>
public sealed record StrokeGrouping(StrokeDrawing Left, StrokeDrawing Right, float Column);

/// <summary>
/// Ink read as one digit cut into two at <paramref name="Column"/> of its source (an image's pixel column, or a
/// drawing's canvas column): each side as the models see it.
/// </summary>
public sealed record TouchingCut(int Column, PreprocessedDigit Left, PreprocessedDigit Right)
{
    /// <summary>Of a drawing, the strokes of each side on the drawing's canvas, left then right; none for an image.</summary>
    public IReadOnlyList<StrokeDrawing> SideStrokes { get; init; } = [];

    /// <summary>Whether the cut parts an image's ink, which has no strokes to say where one digit ends.</summary>
    public bool OfImage => SideStrokes.Count == 0;

    /// <summary>How the cut parts the ink: straight down, or (of a drawing) by its strokes.</summary>
    public TouchingCutKind Kind { get; init; }

    /// <summary>
    /// True when a drawing's strokes already say two digits (<see cref="TouchingCutKind.StrokeGroups"/>,
    /// <see cref="TouchingCutKind.WithoutRunOn"/>), so the models need not be surer of the sides than of the whole when
    /// they are sure of both (<see cref="Inference.TouchingDigitsReading"/>).
    /// </summary>
    public bool ByStrokes => Kind != TouchingCutKind.Straight;
}

/// <summary>How a <see cref="TouchingCut"/> parts ink read as one digit into two.</summary>
public enum TouchingCutKind
{
    /// <summary>Straight down a column: an image's ink, or a drawing's paths parted where they cross the line (<see cref="TouchingCuts.SplitStrokes"/>).</summary>
    Straight,

    /// <summary>A drawing's whole strokes in two groups standing in one row as digits do (<see cref="TouchingCuts.StrokeGroups"/>).</summary>
    StrokeGroups,

    /// <summary>
    /// A drawing's strokes parted at a column that one path crosses once, without the run of the pen through it, the
    /// sides standing in one row as digits do (<see cref="TouchingCuts.SplitStrokesWithoutRunOn"/>): a pen that
    /// crosses from one such side to the other once is how a number is written without lifting it.
    /// </summary>
    WithoutRunOn,
}

/// <summary>
/// How the run of the pen between two digits written without lifting it is followed (<see cref="TouchingCuts.SplitStrokesWithoutRunOn"/>):
/// as straight, or as bent as a quick stroke between two digits often is.
/// </summary>
public enum RunOnShape
{
    Straight,
    Bent,
}
