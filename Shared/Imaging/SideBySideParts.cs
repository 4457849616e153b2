using System.Runtime.CompilerServices;

namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Finds the parts of the ink that stand side by side, as the digits of a number do ("10", "42"), so that each can be
/// read as a digit of its own. A part counts when it holds at least <see cref="MinInkShare"/> of the ink of the
/// heaviest part and spans <see cref="MinHeightShare"/> of the ink's height, so a dot, a dash or a speck beside a digit
/// does not: beside several it belongs to none (a decimal point or a minus sign is not a digit to read); beside one
/// drawn digit it is stray ink, left out of it (<see cref="SplitInRow"/>), and beside one digit in an image it stays
/// part of it.
/// In an image, parts have empty columns between them, at least <see cref="MinGapShare"/> of that height wide, or fewer
/// when the ink on either side stands in one row as two digits do (about as tall as each other, and beside each other);
/// ink wide enough for two digits is cut where two round digits touch side by side, and digits that overlap across their
/// columns, or touch otherwise, are one part. Pieces that may be a decimal point are set aside before
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

    /// <summary>
    /// In a drawing, how much higher than the taller's foot the shorter of two groups of strokes closer than a gap ends,
    /// beyond how far apart their tops lie, as a share of the taller's height, for it to hang beside the taller rather
    /// than stand in a row with it: digits in a row have their feet at least as close as their tops (on one line, or the
    /// whole digit written higher or lower), where the L of an open 4 whose bar stops short of the stem starts near the
    /// stem's top and ends well above its foot.
    /// </summary>
    public const double MaxLineShift = 0.08;

    /// <summary>
    /// The grid on which two touching groups of strokes are looked at for a loop they close together
    /// (<see cref="CloseALoopTogether"/>): cells across the thinnest pen, and the fewest and most cells along the longer side.
    /// </summary>
    private const float LoopGridPenCells = 4, LoopGridMinSide = 48, LoopGridMaxSide = 160;

    /// <summary>
    /// The most pixels the loop checks of one row of strokes may rasterize (<see cref="CloseALoopTogether"/>): past it,
    /// touching groups of strokes are told apart as if they closed no loop. A 0 in two halves costs a few thousand.
    /// </summary>
    public const long MostLoopPixelsVisited = 250_000;

    /// <summary>The most strokes two touching groups hold together for the loop they may close to be looked for: a digit's pieces are a few.</summary>
    public const int MostLoopStrokes = 8;

    /// <summary>The least share of the shorter of two touching digits' height that lies beside the other.</summary>
    public const double MinTouchingRowShare = 0.8;

    /// <summary>In an image, the least width of ink that may be two touching digits, as a share of its height.</summary>
    public const double MinTouchingWidthRatio = 1.2;

    /// <summary>In an image, the least width of each of two touching digits, as a share of their height.</summary>
    public const double MinTouchingSideShare = 0.3;

    /// <summary>In an image, the longest run of ink down the column where two digits touch, as a share of their height.</summary>
    public const double MaxJoinShare = 0.35;

    /// <summary>
    /// How far from the top and the bottom of the ink a join lies at least, as a share of the height: two digits touch
    /// with room above and below them, where one digit's bottom (the round of an open 0 or 4) runs under its own sides.
    /// </summary>
    private const double JoinInsideShare = 0.1;

    /// <summary>How far on either side of a join the ink is measured, as a share of the height.</summary>
    private const double NearJoinShare = 0.15;

    /// <summary>How many times a join's ink the columns near it hold on either side, on average.</summary>
    private const double MinInkNearJoin = 1.5;

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
    /// <see cref="ShareTheRow"/>) and the shorter does not hang beside the taller (<see cref="MaxLineShift"/>);
    /// otherwise they are one piece, whose groupings of strokes the models may still read as two digits
    /// (<see cref="TouchingCuts"/>). Strokes whose paths come closer than that are one digit, as the bar and the stem of
    /// a 4 or the flag and the stem of a 1 are. A point or a minus sign (<see cref="NumberMarks"/>) stays apart from the
    /// digit it touches.
    /// Stray ink is left out of the parts (<see cref="PartsInRow{TPart}.StrokesLeftOut"/>): the pieces that are no part
    /// and no mark of the number (but beside a single digit a piece as tall as a part must be: a light digit beside a
    /// heavy one is read whole, as it is when it cannot be told apart), and in every digit a dot whose mark touches none
    /// of its other strokes (<see cref="WithoutDotsApart"/>).
    /// </remarks>
    public static PartsInRow<StrokeDrawing> SplitInRow(StrokeDrawing drawing) => SplitInRow(drawing, pixelsVisited: null);

    /// <summary><see cref="SplitInRow(StrokeDrawing)"/>, adding to <paramref name="pixelsVisited"/> the pixels its loop checks rasterize.</summary>
    internal static PartsInRow<StrokeDrawing> SplitInRow(StrokeDrawing drawing, StrongBox<long>? pixelsVisited)
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
        var loopBudget = new LoopBudget(pixelsVisited);
        foreach (var group in crossing.Skip(1))
        {
            var before = groups[^1];
            if (group.MarkLeft - before.MarkRight >= MinGapShare * row.Height || (ShareTheRow(before, group) && !ShorterHangsBesideTheTaller(before, group) && !CloseALoopTogether(before, group, loopBudget))
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
    private static bool ShareTheRow(StrokeGroup left, StrokeGroup right) => ShareTheRow(left.Top, left.Bottom, right.Top, right.Bottom);

    /// <summary>
    /// Whether the shorter of two groups of strokes closer than a gap hangs beside the taller (<see cref="MaxLineShift"/>):
    /// its foot lies further above the taller's foot than its top lies from the taller's top, as the L of an open 4 beside
    /// its stem.
    /// </summary>
    private static bool ShorterHangsBesideTheTaller(StrokeGroup left, StrokeGroup right)
    {
        var (shorter, taller) = left.Height <= right.Height ? (left, right) : (right, left);
        return taller.Bottom - shorter.Bottom > MaxLineShift * taller.Height + Math.Abs(shorter.Top - taller.Top);
    }

    /// <summary>
    /// Whether the marks of two groups of strokes closer than a gap enclose paper together that neither encloses alone,
    /// as the halves of a 0 drawn in two strokes do when their ends miss each other above and below but their marks
    /// still touch there: digits written in a row touch in one place and close no loop between them.
    /// </summary>
    private static bool CloseALoopTogether(StrokeGroup left, StrokeGroup right, LoopBudget budget)
    {
        if (right.MarkLeft > left.MarkRight || left.Strokes.Count + right.Strokes.Count > MostLoopStrokes)
        {
            return false; // marks that do not reach each other close nothing; a digit's pieces are a few strokes
        }

        var bounds = new PathBounds(Math.Min(left.MarkLeft, right.MarkLeft), Math.Min(left.Top, right.Top), Math.Max(left.MarkRight, right.MarkRight), Math.Max(left.Bottom, right.Bottom));
        var pen = left.Strokes.Concat(right.Strokes).Min(stroke => stroke.Width);
        var cellsPerUnit = Math.Clamp(LoopGridPenCells / pen, LoopGridMinSide / bounds.LongerSide, LoopGridMaxSide / bounds.LongerSide);
        var (width, height) = ((int)MathF.Ceiling(bounds.Width * cellsPerUnit) + 2, (int)MathF.Ceiling(bounds.Height * cellsPerUnit) + 2);
        var leastHole = Math.Max(1, (int)(pen * cellsPerUnit * pen * cellsPerUnit / 4));
        var (leftOnGrid, rightOnGrid) = (OnGrid(left.Strokes), OnGrid(right.Strokes));
        var bothOnGrid = leftOnGrid with { Strokes = [.. leftOnGrid.Strokes, .. rightOnGrid.Strokes] };
        return budget.TrySpend(2 * (StrokeRasterizer.PixelsVisitedBy(leftOnGrid) + StrokeRasterizer.PixelsVisitedBy(rightOnGrid)))
            && Holes(bothOnGrid) > Holes(leftOnGrid) + Holes(rightOnGrid);

        StrokeDrawing OnGrid(IReadOnlyList<Stroke> strokes) => new(width, height, strokes.Select(stroke => new Stroke(
            stroke.Points.Select(p => new StrokePoint((p.X - bounds.MinX) * cellsPerUnit + 1, (p.Y - bounds.MinY) * cellsPerUnit + 1)).ToArray(),
            stroke.Width * cellsPerUnit)).ToArray());

        // The enclosed pieces of paper at least a quarter of the pen's square in size.
        int Holes(StrokeDrawing onGrid)
        {
            var ink = StrokeRasterizer.Rasterize(onGrid).Ink;
            var paper = new bool[ink.Length];
            for (var i = 0; i < ink.Length; i++)
            {
                paper[i] = ink[i] < 0.5f;
            }

            var regions = ConnectedRegions.Of(paper, width, height, eightConnected: false);
            var (size, open) = (new int[regions.Count + 1], new bool[regions.Count + 1]);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var region = regions.Labels[y * width + x];
                    size[region]++;
                    open[region] |= x == 0 || y == 0 || x == width - 1 || y == height - 1;
                }
            }

            return Enumerable.Range(1, regions.Count).Count(region => !open[region] && size[region] >= leastHole);
        }
    }

    /// <summary>Whether two groups of strokes (their paths' bounds) stand in one row as digits do (<see cref="ShareTheRow(StrokeGroup, StrokeGroup)"/>).</summary>
    internal static bool ShareTheRow(PathBounds left, PathBounds right) => ShareTheRow(left.MinY, left.MaxY, right.MinY, right.MaxY);

    /// <summary>Whether two pieces of an image's ink (their pixels' bounds) stand in one row as digits do (<see cref="ShareTheRow(StrokeGroup, StrokeGroup)"/>).</summary>
    internal static bool ShareTheRow(PixelBox left, PixelBox right) => ShareTheRow(left.Y, left.Bottom, right.Y, right.Bottom);

    /// <summary>Whether ink from <paramref name="leftTop"/> to <paramref name="leftBottom"/> and ink beside it from <paramref name="rightTop"/> to <paramref name="rightBottom"/> stand in one row as digits do.</summary>
    private static bool ShareTheRow(float leftTop, float leftBottom, float rightTop, float rightBottom)
    {
        var (leftHeight, rightHeight) = (leftBottom - leftTop, rightBottom - rightTop);
        var (shorter, taller) = (Math.Min(leftHeight, rightHeight), Math.Max(leftHeight, rightHeight));
        var beside = Math.Min(leftBottom, rightBottom) - Math.Max(leftTop, rightTop);
        return shorter >= MinTouchingHeightRatio * taller && beside >= MinTouchingRowShare * shorter;
    }

    /// <summary>What is left of <see cref="MostLoopPixelsVisited"/> for one row's loop checks; what is spent is also counted in <paramref name="pixelsVisited"/>.</summary>
    private sealed class LoopBudget(StrongBox<long>? pixelsVisited)
    {
        private long left = MostLoopPixelsVisited;

        /// <summary>Takes <paramref name="pixels"/> when that much is left (false, and nothing taken, when not).</summary>
        public bool TrySpend(long pixels)
        {
            if (pixels > left)
            {
                return false;
            }

            left -= pixels;
            if (pixelsVisited is not null)
            {
                pixelsVisited.Value += pixels;
            }

            return true;
        }
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

        /// <summary>How many runs of ink each column crosses, and how long the longest is.</summary>
        private readonly int[] crossings = new int[count];
        private readonly float[] longestCrossing = new float[count];
        private readonly float[] crossingTop = new float[count];

        /// <summary>Adds ink to a column; each column's ink comes top to bottom.</summary>
        public void Add(int column, double amount, float from, float to)
        {
            if (from > bottom[column])
            {
                crossings[column]++;
                crossingTop[column] = from;
            }

            ink[column] += amount;
            top[column] = Math.Min(top[column], from);
            bottom[column] = Math.Max(bottom[column], to);
            longestCrossing[column] = Math.Max(longestCrossing[column], to - crossingTop[column]);
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
            // Columns apart by less than a gap are one part unless they stand in one row as two digits do (see
            // ShareTheRow): digits written close on paper leave a few empty columns between them, a digit's broken
            // stroke seldom does, and its pieces are seldom as tall as each other.
            var runs = new List<Run>();
            var run = new Run(used[0]);
            var piece = new Run(used[0]);
            var gapBefore = 0;
            foreach (var column in used)
            {
                if (column - piece.Last > 1)
                {
                    run = Close(piece, run, gapBefore >= minGap);
                    (piece, gapBefore) = (new Run(column), column - piece.Last - 1);
                }

                piece.Last = column;
                piece.Ink += ink[column];
                piece.Top = Math.Min(piece.Top, top[column]);
                piece.Bottom = Math.Max(piece.Bottom, bottom[column]);
            }

            runs.Add(Close(piece, run, gapBefore >= minGap));
            runs = [.. runs.SelectMany(r => ApartWhereTouching(r, MostDigitsRead))];
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

            // Ends a piece of columns: the run so far goes on with it, or is done and the piece starts the next run (a gap
            // before the piece, or the two standing in one row).
            Run Close(Run closed, Run current, bool apart)
            {
                if (current.First == closed.First)
                {
                    return closed;
                }

                if (apart || ShareTheRow(current.Top, current.Bottom, closed.Top, closed.Bottom))
                {
                    runs.Add(current);
                    return closed;
                }

                current.Last = closed.Last;
                current.Ink += closed.Ink;
                current.Top = Math.Min(current.Top, closed.Top);
                current.Bottom = Math.Max(current.Bottom, closed.Bottom);
                return current;
            }
        }

        /// <summary>
        /// <paramref name="run"/> cut into the digits that touch in it, left to right: a run at least
        /// <see cref="MinTouchingWidthRatio"/> times as wide as it is tall is cut at the column where the least ink joins
        /// two sides that stand in one row as digits do, each at least <see cref="MinTouchingSideShare"/> of the height
        /// wide and holding <see cref="MinInkShare"/> of the other's ink. The column must cross the ink once, for no more
        /// than <see cref="MaxJoinShare"/> of the height and away from its top and bottom, with more ink near it on both
        /// sides: where two round digits touch, not through a stroke running down or across, nor under an open digit.
        /// </summary>
        private IEnumerable<Run> ApartWhereTouching(Run run, int mostParts)
        {
            var height = run.Bottom - run.Top;
            var minSide = (int)Math.Ceiling(MinTouchingSideShare * height);
            if (mostParts < 2 || run.Last - run.First + 1 < MinTouchingWidthRatio * height || run.Last - run.First + 1 < 2 * minSide + 1)
            {
                return [run];
            }

            // Each side's ink and rows for every column the cut may take, from running sums from either end.
            var width = run.Last - run.First + 1;
            var (inkBefore, topFromLeft, bottomFromLeft) = (new double[width + 1], new float[width], new float[width]);
            var (topFromRight, bottomFromRight) = (new float[width], new float[width]);
            for (var i = 0; i < width; i++)
            {
                var column = run.First + i;
                inkBefore[i + 1] = inkBefore[i] + ink[column];
                topFromLeft[i] = Math.Min(i == 0 ? float.MaxValue : topFromLeft[i - 1], top[column]);
                bottomFromLeft[i] = Math.Max(i == 0 ? float.MinValue : bottomFromLeft[i - 1], bottom[column]);
                var mirrored = width - 1 - i;
                topFromRight[mirrored] = Math.Min(i == 0 ? float.MaxValue : topFromRight[mirrored + 1], top[run.First + mirrored]);
                bottomFromRight[mirrored] = Math.Max(i == 0 ? float.MinValue : bottomFromRight[mirrored + 1], bottom[run.First + mirrored]);
            }

            var near = Math.Max(1, (int)Math.Round(NearJoinShare * height));
            var centre = (width - 1) / 2.0;
            var joins = Enumerable.Range(minSide, width - 2 * minSide)
                .Where(i => IsJoin(run.First + i))
                .OrderBy(i => ink[run.First + i]).ThenBy(i => Math.Abs(i - centre));
            foreach (var join in joins)
            {
                var (leftInk, rightInk) = (inkBefore[join], inkBefore[width] - inkBefore[join + 1]);
                if (ShareTheRow(topFromLeft[join - 1], bottomFromLeft[join - 1], topFromRight[join + 1], bottomFromRight[join + 1])
                    && Math.Min(leftInk, rightInk) >= MinInkShare * Math.Max(leftInk, rightInk))
                {
                    var left = new Run(run.First) { Last = run.First + join - 1, Ink = leftInk, Top = topFromLeft[join - 1], Bottom = bottomFromLeft[join - 1] };
                    var right = new Run(run.First + join + 1) { Last = run.Last, Ink = rightInk, Top = topFromRight[join + 1], Bottom = bottomFromRight[join + 1] };
                    return [.. ApartWhereTouching(left, mostParts - 1), .. ApartWhereTouching(right, mostParts - 1)];
                }
            }

            return [run];

            // One short run of ink with room above and below it, and more ink near it on both sides: digits touching,
            // not a stroke running down or across.
            bool IsJoin(int column) =>
                crossings[column] == 1 && longestCrossing[column] <= MaxJoinShare * height
                && crossingTop[column] >= run.Top + JoinInsideShare * height && bottom[column] <= run.Bottom - JoinInsideShare * height
                && MeanInk(column - near, column - 1) >= MinInkNearJoin * ink[column]
                && MeanInk(column + 1, column + near) >= MinInkNearJoin * ink[column];

            double MeanInk(int first, int last)
            {
                (first, last) = (Math.Max(first, run.First) - run.First, Math.Min(last, run.Last) - run.First);
                return (inkBefore[last + 1] - inkBefore[first]) / (last - first + 1);
            }
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
