namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Finds the parts of the ink that stand side by side, as the digits of a number do ("10", "42"), so that each can be
/// read as a digit of its own. A part counts when it holds at least <see cref="MinInkShare"/> of the ink of the
/// heaviest part and spans <see cref="MinHeightShare"/> of the ink's height, so a dot, a dash or a speck beside a digit
/// does not: beside several it belongs to none (a decimal point or a minus sign is not a digit to read); beside one
/// drawn digit it is stray ink, left out of it (<see cref="SplitInRow"/>), and beside one digit in an image it stays
/// part of it.
/// In an image, parts have empty columns between them, at least <see cref="MinGapShare"/> of that height wide; digits
/// that touch or overlap across their columns are one part. Pieces that may be a decimal point are set aside before
/// the columns are searched (<see cref="PointsApart"/>). A drawing's strokes say more: there, digits whose marks
/// touch are still told apart when they stand in one row (<see cref="Split"/>).
/// A drawing is looked at as drawn, its strokes with their own pen: its preprocessing redraws the strokes with a pen
/// in proportion to the whole drawing's size, which for a row of digits is thicker than the person's and narrows the
/// gaps they left.
/// </summary>
public static class SideBySideParts
{
    /// <summary>The least share of the heaviest part's ink a part holds.</summary>
    public const double MinInkShare = 0.2;

    /// <summary>The least share of the ink's height a part spans.</summary>
    public const double MinHeightShare = 0.4;

    /// <summary>The narrowest gap between parts, as a share of the ink's height.</summary>
    public const double MinGapShare = 0.08;

    /// <summary>
    /// In a drawing, the most of the pen's width by which two digits' marks may overlap and still be told apart (their
    /// paths then lie at least half a pen apart).
    /// </summary>
    public const float MaxPenOverlapShare = 0.5f;

    /// <summary>The least height of the shorter of two touching digits, as a share of the taller's.</summary>
    public const double MinTouchingHeightRatio = 0.7;

    /// <summary>The least share of the shorter of two touching digits' height that lies beside the other.</summary>
    public const double MinTouchingRowShare = 0.8;

    /// <summary>The most parts read one by one as the digits of a number; a longer row is only counted.</summary>
    public const int MostDigitsRead = 12;

    /// <summary>
    /// How many parts stand side by side in the ink inside <paramref name="bounds"/> (1 for a single digit; 0 when
    /// there is no ink above <paramref name="noiseLevel"/>).
    /// </summary>
    public static int Count(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel) =>
        Find(ink, width, bounds, noiseLevel).Count;

    /// <summary>
    /// The parts side by side in the ink inside <paramref name="bounds"/>, left to right: each the full height of
    /// <paramref name="bounds"/> over the columns of its ink (all of <paramref name="bounds"/> for one part; none without ink).
    /// </summary>
    public static IReadOnlyList<PixelBox> Find(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel) =>
        FindInRow(ink, width, bounds, noiseLevel).Parts;

    /// <summary>
    /// <see cref="Find(ReadOnlySpan{float}, int, PixelBox, float)"/>'s parts and the marks of a number between them: a
    /// point or a minus sign stands apart from the digits by a gap, as they do from each other.
    /// </summary>
    public static PartsInRow<PixelBox> FindInRow(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        if (bounds.Width <= 0 || bounds.Height <= 0)
        {
            return PartsInRow<PixelBox>.None;
        }

        var points = PointsApart(ink, width, bounds, noiseLevel);
        var columns = new Columns(bounds.Width);
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var row = ink.Slice(y * width + bounds.X, bounds.Width);
            for (var x = 0; x < row.Length; x++)
            {
                if (row[x] > noiseLevel && points?.Cells[(y - bounds.Y) * bounds.Width + x] != true)
                {
                    columns.Add(x, row[x], y, y + 1);
                }
            }
        }

        var found = columns.Parts(points?.Boxes ?? []);
        return new PartsInRow<PixelBox>(
            found.Parts.Select(part => new PixelBox(bounds.X + part.First, bounds.Y, part.Last - part.First + 1, bounds.Height)).ToArray(),
            found.Marks);
    }

    /// <summary>
    /// The pieces of ink inside <paramref name="bounds"/> that may be a number's decimal point (<see cref="NumberMarks"/>):
    /// connected, in the lower half, as small and as low as a point is; their cells (row-major over
    /// <paramref name="bounds"/>) and boxes (columns from its left, rows as in the image). Null for none. The columns are
    /// searched without them: a point in the gap people leave between digits would otherwise join their columns.
    /// </summary>
    private static (bool[] Cells, PathBounds[] Boxes)? PointsApart(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        var top = bounds.Y + bounds.Height / 2;
        var (bandWidth, bandHeight) = (bounds.Width, bounds.Bottom - top);
        if (bandHeight < 2)
        {
            return null;
        }

        var marked = new bool[bandWidth * bandHeight];
        for (var y = 0; y < bandHeight; y++)
        {
            var row = ink.Slice((top + y) * width + bounds.X, bandWidth);
            for (var x = 0; x < bandWidth; x++)
            {
                marked[y * bandWidth + x] = row[x] > noiseLevel;
            }
        }

        // A piece cut by the band's top edge reaches above it: part of a digit, no point.
        var regions = ConnectedRegions.Of(marked, bandWidth, bandHeight, eightConnected: true);
        var rowBounds = new PathBounds(0, bounds.Y, bounds.Width, bounds.Bottom);
        var boxes = regions.Boxes().Select(box => new PathBounds(box.X, top + box.Y, box.Right, top + box.Bottom)).ToArray();
        var isPoint = Enumerable.Range(0, boxes.Length)
            .Select(region => region > 0 && boxes[region].MinY > top && NumberMarks.LooksLikePoint(boxes[region], rowBounds))
            .ToArray();
        if (!isPoint.Contains(true))
        {
            return null;
        }

        var cells = new bool[bounds.Width * bounds.Height];
        regions.CellsOf(isPoint).CopyTo(cells.AsSpan((top - bounds.Y) * bandWidth));
        return (cells, boxes.Where((_, region) => isPoint[region]).ToArray());
    }

    /// <summary>How many parts stand side by side in a drawing's strokes, each drawn with its own pen (0 for none).</summary>
    public static int Count(StrokeDrawing drawing) => Split(drawing).Count;

    /// <summary>
    /// The drawing's parts side by side, left to right, each with the strokes that lie in it on the drawing's canvas
    /// (a speck beside them in none); the drawing itself when it is one part with no stray ink, none when nothing is drawn.
    /// </summary>
    public static IReadOnlyList<StrokeDrawing> Split(StrokeDrawing drawing) => SplitInRow(drawing).Parts;

    /// <summary><see cref="Split(StrokeDrawing)"/>'s parts and the marks of a number between them.</summary>
    /// <remarks>
    /// Strokes tell digits apart where columns cannot: digits written so close that their marks touch, or overlap by
    /// less than <see cref="MaxPenOverlapShare"/> of the pen, are still two parts when they share the row (see
    /// <see cref="ShareTheRow"/>). Strokes whose paths come closer than that are one digit, as the bar and the stem of
    /// a 4 or the flag and the stem of a 1 are. A point or a minus sign (<see cref="NumberMarks"/>) stays apart from
    /// the digit it touches.
    /// Stray ink is left out of the parts (<see cref="PartsInRow{TPart}.StrokesLeftOut"/>): the pieces that are no part
    /// and no mark of the number (but beside a single digit a piece as tall as a part must be: a light digit beside a
    /// heavy one is read whole, as it is when it cannot be told apart), and in every digit a dot whose mark touches none
    /// of its other strokes (<see cref="WithoutDotsApart"/>).
    /// </remarks>
    public static PartsInRow<StrokeDrawing> SplitInRow(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var drawn = drawing.Strokes.Where(stroke => stroke.Points.Count > 0).ToArray();
        if (drawn.Length == 0)
        {
            return PartsInRow<StrokeDrawing>.None;
        }

        var pen = drawn.Max(stroke => stroke.Width);

        // Strokes whose paths come within half a pen of each other across: one digit's, or digits written across each other.
        var crossing = new List<StrokeGroup>();
        foreach (var group in drawn.Select(StrokeGroup.Of).OrderBy(group => group.PathLeft))
        {
            if (crossing.Count > 0 && group.PathLeft - crossing[^1].PathRight < (1 - MaxPenOverlapShare) * pen)
            {
                crossing[^1] = crossing[^1].With(group);
            }
            else
            {
                crossing.Add(group);
            }
        }

        var row = new PathBounds(crossing.Min(group => group.MarkLeft), crossing.Min(group => group.Top), crossing.Max(group => group.MarkRight), crossing.Max(group => group.Bottom));
        var groups = new List<StrokeGroup> { crossing[0] };
        foreach (var group in crossing.Skip(1))
        {
            var before = groups[^1];
            if (group.MarkLeft - before.MarkRight >= MinGapShare * row.Height || ShareTheRow(before, group)
                || NumberMarks.LooksLikeMark(before.Bounds, row) || NumberMarks.LooksLikeMark(group.Bounds, row))
            {
                groups.Add(group);
            }
            else
            {
                groups[^1] = before.With(group);
            }
        }

        var heaviest = groups.Max(group => group.Ink);
        var counted = groups.ToLookup(group => group.Ink >= MinInkShare * heaviest && group.Height >= MinHeightShare * row.Height);
        var digits = counted[true].ToArray();
        var pieces = counted[false].ToArray();

        // Beside one digit, a piece as tall as a digit may be one (a thin 1 beside a heavy 8): then the whole is read.
        var dots = new HashSet<Stroke>(drawn.Where(IsDot), ReferenceEqualityComparer.Instance);
        if (digits.Length == 0 || (digits.Length == 1 && pieces.Any(piece => HeightWithoutDots(piece.Strokes, dots) >= MinHeightShare * row.Height)))
        {
            return new PartsInRow<StrokeDrawing>([drawing], NumberMarks.None);
        }

        var kept = digits.Select(digit => WithoutDotsApart(digit.Strokes, dots)).ToArray();
        if (digits.Length == 1 && pieces.Length == 0 && kept[0].Length == digits[0].Strokes.Count)
        {
            return new PartsInRow<StrokeDrawing>([drawing], NumberMarks.None);
        }

        var digitBounds = digits.Select(part => part.Bounds).ToArray();
        var marks = NumberMarks.Find(digitBounds, pieces.Select(piece => piece.Bounds).ToArray(), row);
        var read = new HashSet<Stroke>(
            [.. kept.SelectMany(strokes => strokes), .. pieces.Where(piece => marks.Includes(piece.Bounds, digitBounds, row)).SelectMany(piece => piece.Strokes)],
            ReferenceEqualityComparer.Instance);
        return new PartsInRow<StrokeDrawing>(
            kept.Select(strokes => drawing with { Strokes = drawn.Where(new HashSet<Stroke>(strokes, ReferenceEqualityComparer.Instance).Contains).ToArray() }).ToArray(),
            marks,
            Enumerable.Range(0, drawing.Strokes.Count).Where(i => drawing.Strokes[i].Points.Count > 0 && !read.Contains(drawing.Strokes[i])).ToArray());
    }

    /// <summary>
    /// <paramref name="strokes"/> (one digit's) without the dots whose marks touch none of its other strokes that are no
    /// dots: taps beside the digit, which no digit has. A digit of dots alone keeps them.
    /// </summary>
    private static Stroke[] WithoutDotsApart(IReadOnlyList<Stroke> strokes, HashSet<Stroke> dots)
    {
        var lines = strokes.Where(stroke => !dots.Contains(stroke))
            .Select(stroke => (stroke.Width, Points: stroke.Points.ToArray(), Bounds: PathBounds.Of([stroke.Points]))).ToArray();
        return lines.Length == 0 ? [.. strokes] : strokes.Where(stroke => !dots.Contains(stroke) || lines.Any(line => Touch(stroke, line))).ToArray();

        static bool Touch(Stroke dot, (float Width, StrokePoint[] Points, PathBounds Bounds) line)
        {
            var reach = (dot.Width + line.Width) / 2;
            return dot.Points.Any(point =>
                point.X >= line.Bounds.MinX - reach && point.X <= line.Bounds.MaxX + reach
                && point.Y >= line.Bounds.MinY - reach && point.Y <= line.Bounds.MaxY + reach
                && IsWithin(point, line.Points, reach));
        }
    }

    /// <summary>Whether a stroke is a dot: its path no longer than its pen is wide (a tap of the pen).</summary>
    private static bool IsDot(Stroke stroke) => PathBounds.Of([stroke.Points]).LongerSide <= stroke.Width;

    /// <summary>How tall the marks of <paramref name="strokes"/> are, <paramref name="dots"/> left aside (two taps one above the other are no digit).</summary>
    private static float HeightWithoutDots(IEnumerable<Stroke> strokes, HashSet<Stroke> dots)
    {
        var marks = strokes.Where(stroke => !dots.Contains(stroke)).Select(StrokeGroup.Of).ToArray();
        return marks.Length == 0 ? 0 : marks.Max(mark => mark.Bottom) - marks.Min(mark => mark.Top);
    }

    /// <summary>Whether <paramref name="point"/> lies within <paramref name="reach"/> of the polyline <paramref name="path"/>.</summary>
    private static bool IsWithin(StrokePoint point, StrokePoint[] path, float reach)
    {
        var reachSquared = reach * reach;
        var (dx0, dy0) = (point.X - path[0].X, point.Y - path[0].Y);
        if (dx0 * dx0 + dy0 * dy0 <= reachSquared)
        {
            return true;
        }

        for (var i = 1; i < path.Length; i++)
        {
            var (from, to) = (path[i - 1], path[i]);
            var (dx, dy) = (to.X - from.X, to.Y - from.Y);
            var lengthSquared = dx * dx + dy * dy;
            var along = lengthSquared > 0 ? Math.Clamp(((point.X - from.X) * dx + (point.Y - from.Y) * dy) / lengthSquared, 0f, 1f) : 0f;
            var (ex, ey) = (point.X - from.X - along * dx, point.Y - from.Y - along * dy);
            if (ex * ex + ey * ey <= reachSquared)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether two groups of strokes closer than a gap stand in one row as digits do: about as tall as each other and
    /// beside each other. The pieces of one digit written in separate strokes seldom are: a 4's bar is much shorter than
    /// its stem.
    /// </summary>
    private static bool ShareTheRow(StrokeGroup left, StrokeGroup right)
    {
        var (shorter, taller) = (Math.Min(left.Height, right.Height), Math.Max(left.Height, right.Height));
        var beside = Math.Min(left.Bottom, right.Bottom) - Math.Max(left.Top, right.Top);
        return shorter >= MinTouchingHeightRatio * taller && beside >= MinTouchingRowShare * shorter;
    }

    /// <summary>Strokes taken together: where their paths and their pen's marks lie, and their ink (the paths' length).</summary>
    private sealed record StrokeGroup(float PathLeft, float PathRight, float MarkLeft, float MarkRight, float Top, float Bottom, double Ink, IReadOnlyList<Stroke> Strokes)
    {
        public float Height => Bottom - Top;

        /// <summary>Where the pen's marks lie.</summary>
        public PathBounds Bounds => new(MarkLeft, Top, MarkRight, Bottom);

        public static StrokeGroup Of(Stroke stroke)
        {
            var (points, radius) = (stroke.Points, stroke.Width / 2);
            var (left, right, top, bottom) = (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
            var length = points.Count == 1 ? stroke.Width : 0.0;
            for (var i = 1; i < points.Count; i++)
            {
                length += Math.Sqrt((points[i].X - points[i - 1].X) * (points[i].X - points[i - 1].X) + (points[i].Y - points[i - 1].Y) * (points[i].Y - points[i - 1].Y));
            }

            return new StrokeGroup(left, right, left - radius, right + radius, top - radius, bottom + radius, length, [stroke]);
        }

        public StrokeGroup With(StrokeGroup other) => new(
            Math.Min(PathLeft, other.PathLeft), Math.Max(PathRight, other.PathRight),
            Math.Min(MarkLeft, other.MarkLeft), Math.Max(MarkRight, other.MarkRight),
            Math.Min(Top, other.Top), Math.Max(Bottom, other.Bottom), Ink + other.Ink, [.. Strokes, .. other.Strokes]);
    }

    /// <summary>Each column's ink and the rows it spans; parts are the runs of columns between wide enough empty runs.</summary>
    private sealed class Columns(int count)
    {
        private readonly double[] ink = new double[count];
        private readonly float[] top = Enumerable.Repeat(float.MaxValue, count).ToArray();
        private readonly float[] bottom = Enumerable.Repeat(float.MinValue, count).ToArray();

        public void Add(int column, double amount, float from, float to)
        {
            ink[column] += amount;
            top[column] = Math.Min(top[column], from);
            bottom[column] = Math.Max(bottom[column], to);
        }

        /// <summary>
        /// The first and last column of each part, left to right (the runs that count, or all the columns when fewer
        /// than two do), and the marks of a number among the runs that do not and <paramref name="points"/>, pieces
        /// left out of the columns (column and row bounds).
        /// </summary>
        public PartsInRow<(int First, int Last)> Parts(IReadOnlyList<PathBounds> points)
        {
            var used = Enumerable.Range(0, count).Where(column => bottom[column] > top[column]).ToArray();
            if (used.Length == 0)
            {
                return PartsInRow<(int First, int Last)>.None;
            }

            var height = used.Max(column => bottom[column]) - used.Min(column => top[column]);
            var minGap = Math.Max(2, (int)Math.Ceiling(MinGapShare * height));
            var runs = new List<Run>();
            var run = new Run(used[0]);
            foreach (var column in used)
            {
                if (column - run.Last - 1 >= minGap)
                {
                    runs.Add(run);
                    run = new Run(column);
                }

                run.Last = column;
                run.Ink += ink[column];
                run.Top = Math.Min(run.Top, top[column]);
                run.Bottom = Math.Max(run.Bottom, bottom[column]);
            }

            runs.Add(run);
            var heaviest = runs.Max(r => r.Ink);
            var counted = runs.ToLookup(r => r.Ink >= MinInkShare * heaviest && r.Bottom - r.Top >= MinHeightShare * height);
            var whole = new PartsInRow<(int First, int Last)>([(used[0], used[^1])], NumberMarks.None);
            if (counted[true].Count() is 0)
            {
                return whole;
            }

            var rowBounds = new PathBounds(used[0], runs.Min(r => r.Top), used[^1] + 1, runs.Max(r => r.Bottom));
            var digits = counted[true].Select(r => r.Bounds).ToArray();
            var marks = NumberMarks.Find(digits, [.. counted[false].Select(r => r.Bounds), .. points], rowBounds);
            if (digits.Length > 1)
            {
                return new PartsInRow<(int First, int Last)>(counted[true].Select(r => (r.First, r.Last)).ToArray(), marks);
            }

            // Beside a single digit, only a minus sign before it is set apart; any other piece stays with the digit.
            if (!marks.Negative)
            {
                return whole;
            }

            // A minus sign low and small enough to be set aside with the points is in no column already.
            var minus = counted[false].Where(r => marks.Includes(r.Bounds, digits, rowBounds)).ToArray();
            var first = minus.Length == 0 ? used[0] : used.First(column => column > minus.Max(r => r.Last));
            return new PartsInRow<(int First, int Last)>([(first, used[^1])], marks);
        }

        private sealed class Run(int first)
        {
            public int First { get; } = first;

            public int Last { get; set; } = first;

            public double Ink { get; set; }

            public float Top { get; set; } = float.MaxValue;

            public float Bottom { get; set; } = float.MinValue;

            public PathBounds Bounds => new(First, Top, Last + 1, Bottom);
        }
    }
}
