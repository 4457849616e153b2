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
public static partial class SideBySideParts
{
    /// <summary>The least share of the heaviest part's ink a part holds.</summary>
    public const double MinInkShare = 0.2;

    /// <summary>The least share of the ink's height a part spans.</summary>
    public const double MinHeightShare = 0.4;

    /// <summary>The narrowest gap between parts, as a share of the ink's height.</summary>
    public const double MinGapShare = 0.08;

    /// <summary>The least height of the shorter of two touching digits, as a share of the taller's.</summary>
    public const double MinTouchingHeightRatio = 0.7;

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
