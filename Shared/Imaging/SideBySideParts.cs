namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Counts the parts of the ink that stand side by side with empty columns between them, as the digits of a number
/// do ("10", "42"). The models read one digit at a time, so for such ink their verdict is about every part squeezed
/// into one 28x28 image; the drawing page and the API say so. A part counts when it holds at least
/// <see cref="MinInkShare"/> of the ink and spans <see cref="MinHeightShare"/> of the ink's height, so a dot, a dash
/// or a speck beside a digit does not; the gap must be at least <see cref="MinGapShare"/> of that height wide. Digits
/// written so close that they touch or overlap across their columns are one part.
/// A drawing is looked at as drawn, its strokes with their own pen: its preprocessing redraws the strokes with a pen
/// in proportion to the whole drawing's size, which for a row of digits is thicker than the person's and narrows the
/// gaps they left.
/// </summary>
public static class SideBySideParts
{
    /// <summary>The least share of the ink a part holds.</summary>
    public const double MinInkShare = 0.15;

    /// <summary>The least share of the ink's height a part spans.</summary>
    public const double MinHeightShare = 0.4;

    /// <summary>The narrowest gap between parts, as a share of the ink's height.</summary>
    public const double MinGapShare = 0.08;

    /// <summary>The most columns a drawing's strokes are binned into.</summary>
    private const int MaxDrawingColumns = 2048;

    /// <summary>
    /// How many parts stand side by side in the ink inside <paramref name="bounds"/> (1 for a single digit; 0 when
    /// there is no ink above <paramref name="noiseLevel"/>).
    /// </summary>
    public static int Count(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        if (bounds.Width <= 0 || bounds.Height <= 0)
        {
            return 0;
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

        return columns.CountParts(columnWidth: 1);
    }

    /// <summary>How many parts stand side by side in a drawing's strokes, each drawn with its own pen (0 for none).</summary>
    public static int Count(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var drawn = drawing.Strokes.Where(stroke => stroke.Points.Count > 0).ToArray();
        if (drawn.Length == 0)
        {
            return 0;
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

        return columns.CountParts(columnWidth);
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

        public int CountParts(float columnWidth)
        {
            var used = Enumerable.Range(0, count).Where(column => bottom[column] > top[column]).ToArray();
            if (used.Length == 0)
            {
                return 0;
            }

            var total = used.Sum(column => ink[column]);
            var height = used.Max(column => bottom[column]) - used.Min(column => top[column]);
            var minGap = Math.Max(2, (int)Math.Ceiling(MinGapShare * height / columnWidth));
            var parts = 0;
            var (partInk, partTop, partBottom, previous) = (0.0, float.MaxValue, float.MinValue, used[0]);
            foreach (var column in used)
            {
                if (column - previous - 1 >= minGap)
                {
                    parts += Counts(partInk, partTop, partBottom) ? 1 : 0;
                    (partInk, partTop, partBottom) = (0.0, float.MaxValue, float.MinValue);
                }

                partInk += ink[column];
                partTop = Math.Min(partTop, top[column]);
                partBottom = Math.Max(partBottom, bottom[column]);
                previous = column;
            }

            parts += Counts(partInk, partTop, partBottom) ? 1 : 0;
            return Math.Max(parts, 1);

            bool Counts(double inkOfPart, float from, float to) =>
                inkOfPart >= MinInkShare * total && to - from >= MinHeightShare * height;
        }
    }
}
