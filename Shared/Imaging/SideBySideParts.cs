namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Finds the parts of the ink that stand side by side with empty columns between them, as the digits of a number
/// do ("10", "42"), so that each can be read as a digit of its own. A part counts when it holds at least
/// <see cref="MinInkShare"/> of the ink of the heaviest part and spans <see cref="MinHeightShare"/> of the ink's
/// height, so a dot, a dash or a speck beside a digit does not: beside one digit it stays part of it, beside several
/// it belongs to none (a decimal point or a minus sign is not a digit to read). The gap
/// must be at least <see cref="MinGapShare"/> of that height wide. Digits written so close that they touch or
/// overlap across their columns are one part.
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

    /// <summary>The most parts read one by one as the digits of a number; a longer row is only counted.</summary>
    public const int MostDigitsRead = 12;

    /// <summary>The most columns a drawing's strokes are binned into.</summary>
    private const int MaxDrawingColumns = 2048;

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
    public static IReadOnlyList<PixelBox> Find(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        if (bounds.Width <= 0 || bounds.Height <= 0)
        {
            return [];
        }

        var columns = new Columns(bounds.Width);
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var row = ink.Slice(y * width + bounds.X, bounds.Width);
            for (var x = 0; x < row.Length; x++)
            {
                if (row[x] > noiseLevel)
                {
                    columns.Add(x, row[x], y, y + 1);
                }
            }
        }

        return columns.Parts(columnWidth: 1)
            .Select(part => new PixelBox(bounds.X + part.First, bounds.Y, part.Last - part.First + 1, bounds.Height))
            .ToArray();
    }

    /// <summary>How many parts stand side by side in a drawing's strokes, each drawn with its own pen (0 for none).</summary>
    public static int Count(StrokeDrawing drawing) => Split(drawing).Count;

    /// <summary>
    /// The drawing's parts side by side, left to right, each with the strokes that lie in it on the drawing's canvas
    /// (a speck beside them in none); the drawing itself when it is one part, none when nothing is drawn.
    /// </summary>
    public static IReadOnlyList<StrokeDrawing> Split(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var drawn = drawing.Strokes.Where(stroke => stroke.Points.Count > 0).ToArray();
        if (drawn.Length == 0)
        {
            return [];
        }

        var left = drawn.Min(stroke => stroke.Points.Min(p => p.X) - stroke.Width / 2);
        var right = drawn.Max(stroke => stroke.Points.Max(p => p.X) + stroke.Width / 2);
        var columnWidth = Math.Max(1f, (right - left) / MaxDrawingColumns);
        var columns = new Columns((int)Math.Ceiling((right - left) / columnWidth) + 1);
        foreach (var stroke in drawn)
        {
            var radius = stroke.Width / 2;
            var points = stroke.Points;
            for (var i = 0; i < points.Count; i++)
            {
                // Each segment's length (a dot's: its pen) spread over the columns the pen covers along it.
                var (from, to) = (points[Math.Max(0, i - 1)], points[i]);
                if (i > 0 && from == to)
                {
                    continue;
                }

                var length = i == 0 ? (points.Count == 1 ? stroke.Width : 0f) : MathF.Sqrt((to.X - from.X) * (to.X - from.X) + (to.Y - from.Y) * (to.Y - from.Y));
                var first = (int)((Math.Min(from.X, to.X) - radius - left) / columnWidth);
                var last = (int)((Math.Max(from.X, to.X) + radius - left) / columnWidth);
                for (var column = first; column <= last; column++)
                {
                    columns.Add(column, length / (last - first + 1), Math.Min(from.Y, to.Y) - radius, Math.Max(from.Y, to.Y) + radius);
                }
            }
        }

        var parts = columns.Parts(columnWidth);
        if (parts.Count == 1)
        {
            return [drawing];
        }

        // A stroke's marks cover a run of columns without gaps, so the whole stroke lies in one part, or in a speck.
        var middles = drawn.Select(stroke => (int)(((stroke.Points.Min(p => p.X) + stroke.Points.Max(p => p.X)) / 2 - left) / columnWidth)).ToArray();
        return parts
            .Select(part => drawing with { Strokes = drawn.Where((_, i) => middles[i] >= part.First && middles[i] <= part.Last).ToArray() })
            .ToArray();
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

        /// <summary>The first and last column of each part, left to right: the runs that count, or all the columns when fewer than two do.</summary>
        public IReadOnlyList<(int First, int Last)> Parts(float columnWidth)
        {
            var used = Enumerable.Range(0, count).Where(column => bottom[column] > top[column]).ToArray();
            if (used.Length == 0)
            {
                return [];
            }

            var height = used.Max(column => bottom[column]) - used.Min(column => top[column]);
            var minGap = Math.Max(2, (int)Math.Ceiling(MinGapShare * height / columnWidth));
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
            var parts = runs
                .Where(r => r.Ink >= MinInkShare * heaviest && r.Bottom - r.Top >= MinHeightShare * height)
                .Select(r => (r.First, r.Last))
                .ToList();
            return parts.Count > 1 ? parts : [(used[0], used[^1])];
        }

        private sealed class Run(int first)
        {
            public int First { get; } = first;

            public int Last { get; set; } = first;

            public double Ink { get; set; }

            public float Top { get; set; } = float.MaxValue;

            public float Bottom { get; set; } = float.MinValue;
        }
    }
}
