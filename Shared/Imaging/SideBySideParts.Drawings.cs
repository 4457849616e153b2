using System.Runtime.CompilerServices;

namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The parts side by side of a drawing, told apart by its strokes (<see cref="SplitInRow(StrokeDrawing)"/>): where
/// an image's columns cannot, digits whose marks touch are still two when they stand in one row.
/// </summary>
public static partial class SideBySideParts
{
    /// <summary>
    /// In a drawing, the most of the pen's width by which two digits' marks may overlap and still be told apart (their
    /// paths then lie at least half a pen apart).
    /// </summary>
    public const float MaxPenOverlapShare = 0.5f;

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

    /// <summary>
    /// How far apart, at most, as a share of the taller's height, the nearest ends of two touching groups of strokes may
    /// stand for the loop they leave open there to count as closed (<see cref="CloseALoopTogether"/>): the halves of a 0
    /// that touch at one end and miss each other at the other, as a loop a little open is still read as one.
    /// </summary>
    public const double MaxBridgeShare = 0.25;

    /// <summary>The most strokes two touching groups hold together for the loop they may close to be looked for: a digit's pieces are a few.</summary>
    public const int MostLoopStrokes = 8;

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
    /// <see cref="ShareTheRow"/>), the shorter does not hang beside the taller (<see cref="MaxLineShift"/>) and their
    /// marks close no loop together (<see cref="CloseALoopTogether"/>); otherwise they are one piece, whose groupings of strokes the models may still read as two digits
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
    /// still touch there, or would enclose it with their nearest ends that do not touch joined when those stand at
    /// most <see cref="MaxBridgeShare"/> of the height apart (the halves touching at one end only): digits written in
    /// a row touch in one place and close no loop between them.
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
        var (leftOnGrid, rightOnGrid, bridgeOnGrid) = (OnGrid(left.Strokes), OnGrid(right.Strokes), new StrokeDrawing(width, height, [.. Bridge()]));
        if (!budget.TrySpend(StrokeRasterizer.PixelsVisitedBy(leftOnGrid) + StrokeRasterizer.PixelsVisitedBy(rightOnGrid) + StrokeRasterizer.PixelsVisitedBy(bridgeOnGrid)))
        {
            return false;
        }

        var (leftInk, rightInk) = (StrokeRasterizer.Rasterize(leftOnGrid).Ink, StrokeRasterizer.Rasterize(rightOnGrid).Ink);
        var bothInk = StrokeRasterizer.Rasterize(bridgeOnGrid).Ink; // with both groups' ink over it, as the rasterizer overlaps strokes
        for (var i = 0; i < bothInk.Length; i++)
        {
            bothInk[i] = Math.Max(bothInk[i], Math.Max(leftInk[i], rightInk[i]));
        }

        return Holes(bothInk) > Holes(leftInk) + Holes(rightInk);

        // The nearest ends of the two groups' strokes that do not touch already, when close enough, joined with the thinner pen.
        IEnumerable<Stroke> Bridge()
        {
            var most = (float)(MaxBridgeShare * Math.Max(left.Height, right.Height));
            return Ends(left.Strokes)
                .SelectMany(_ => Ends(right.Strokes), (from, to) => (From: from, To: to, Length: MathF.Sqrt(
                    (from.Point.X - to.Point.X) * (from.Point.X - to.Point.X) + (from.Point.Y - to.Point.Y) * (from.Point.Y - to.Point.Y))))
                .Where(bridge => bridge.Length > (bridge.From.Pen + bridge.To.Pen) / 2 && bridge.Length <= most)
                .OrderBy(bridge => bridge.Length)
                .Take(1)
                .Select(bridge => new Stroke([OnGridPoint(bridge.From.Point), OnGridPoint(bridge.To.Point)], Math.Min(bridge.From.Pen, bridge.To.Pen) * cellsPerUnit));

            static IEnumerable<(StrokePoint Point, float Pen)> Ends(IReadOnlyList<Stroke> strokes) =>
                strokes.SelectMany(stroke => new[] { (stroke.Points[0], stroke.Width), (stroke.Points[^1], stroke.Width) });
        }

        StrokePoint OnGridPoint(StrokePoint p) => new((p.X - bounds.MinX) * cellsPerUnit + 1, (p.Y - bounds.MinY) * cellsPerUnit + 1);

        StrokeDrawing OnGrid(IReadOnlyList<Stroke> strokes) =>
            new(width, height, strokes.Select(stroke => new Stroke(stroke.Points.Select(OnGridPoint).ToArray(), stroke.Width * cellsPerUnit)).ToArray());

        // The enclosed pieces of paper at least a quarter of the pen's square in size.
        int Holes(float[] ink)
        {
            var regions = ConnectedRegions.Of(Array.ConvertAll(ink, value => value < 0.5f), width, height, eightConnected: false);
            var (areas, open) = (regions.Areas(), regions.TouchingBorder());
            return Enumerable.Range(1, regions.Count).Count(region => !open[region] && areas[region] >= leastHole);
        }
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
}
