using System.Runtime.CompilerServices;

namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Writing in more than one row (a number above another, as on a page of sums): the models read one row at a time, a
/// digit or a number from left to right, and ink in rows read as one row gives nonsense, so it is not read and the
/// person is told why (<see cref="Reason"/>). Rows are bands of ink with empty space across the whole width between
/// them, at least <see cref="MinGapShare"/> of the ink's height; a band counts as a row when it is at least
/// <see cref="MinRowHeightShare"/> as tall as the tallest (a stray mark above a number is no row), and there are rows
/// only when one of them holds several digits side by side (<see cref="SideBySideParts"/>): a digit drawn in pieces one
/// above the other (an 8 of two rings, a 5 whose flag stands apart, a 3 above a 4 of a fraction) is read as before, and
/// so are more than <see cref="MostRows"/> bands.
/// </summary>
public static class RowsOfWriting
{
    /// <summary>The least empty space between two rows, as a share of the ink's height.</summary>
    public const double MinGapShare = 0.01;

    /// <summary>The least height of a row, as a share of the tallest band's.</summary>
    public const double MinRowHeightShare = 0.5;

    /// <summary>
    /// The most rows told: more bands than a page of sums has rows (a grid of marks) are no writing, and are left to be
    /// read as before, at the same cost whatever their pen.
    /// </summary>
    public const int MostRows = SideBySideParts.MostDigitsRead;

    /// <summary>What the person is told of ink in <paramref name="rows"/> rows.</summary>
    public static string Reason(int rows) =>
        $"written in {rows} rows: the models read one row at a time (a digit, or a number from left to right), so write one row";

    /// <summary>How many rows a drawing's strokes are written in, each stroke with its own pen: 1 unless there are rows.</summary>
    public static int Count(StrokeDrawing drawing) => Count(drawing, pixelsVisited: null);

    /// <summary><see cref="Count(StrokeDrawing)"/>, adding to <paramref name="pixelsVisited"/> the pixels its rows' parts rasterize (<see cref="SideBySideParts.SplitInRow(StrokeDrawing)"/>).</summary>
    internal static int Count(StrokeDrawing drawing, StrongBox<long>? pixelsVisited)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var strokes = drawing.Strokes.Where(stroke => stroke.Points.Count > 0).ToArray();
        var spans = strokes
            .Select(stroke => PathBounds.Of([stroke.Points]).Widened(stroke.Width / 2))
            .Select(mark => (Top: (double)mark.MinY, Bottom: (double)mark.MaxY))
            .ToArray();
        var rows = Rows(spans);
        if (rows.Count < 2)
        {
            return 1;
        }

        foreach (var (top, bottom) in rows)
        {
            var inRow = strokes.Where((_, i) => spans[i].Top >= top && spans[i].Bottom <= bottom).ToArray();
            if (SideBySideParts.SplitInRow(drawing with { Strokes = inRow }, pixelsVisited).Parts.Count > 1)
            {
                return rows.Count;
            }
        }

        return 1;
    }

    /// <summary>How many rows the ink above <paramref name="noiseLevel"/> inside <paramref name="bounds"/> is written in: 1 unless there are rows.</summary>
    public static int Count(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        var spans = new List<(double Top, double Bottom)>();
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var inked = false;
            foreach (var value in ink.Slice(y * width + bounds.X, bounds.Width))
            {
                if (value > noiseLevel)
                {
                    inked = true;
                    break;
                }
            }

            if (inked)
            {
                spans.Add((y, y + 1));
            }
        }

        var rows = Rows(spans);
        if (rows.Count < 2)
        {
            return 1;
        }

        foreach (var (top, bottom) in rows)
        {
            var row = new PixelBox(bounds.X, (int)top, bounds.Width, (int)(bottom - top));
            if (SideBySideParts.Count(ink, width, row, noiseLevel) > 1)
            {
                return rows.Count;
            }
        }

        return 1;
    }

    /// <summary>The bands of the vertical <paramref name="spans"/> of ink that are rows, top to bottom.</summary>
    private static List<(double Top, double Bottom)> Rows(IReadOnlyList<(double Top, double Bottom)> spans)
    {
        if (spans.Count < 2)
        {
            return [];
        }

        var ordered = spans.OrderBy(span => span.Top).ToArray();
        var minGap = MinGapShare * (ordered.Max(span => span.Bottom) - ordered[0].Top);
        var bands = new List<(double Top, double Bottom)> { ordered[0] };
        foreach (var span in ordered.Skip(1))
        {
            var last = bands[^1];
            if (span.Top - last.Bottom < minGap)
            {
                bands[^1] = (last.Top, Math.Max(last.Bottom, span.Bottom));
            }
            else
            {
                bands.Add(span);
            }
        }

        var tallest = bands.Max(band => band.Bottom - band.Top);
        var rows = bands.Where(band => band.Bottom - band.Top >= MinRowHeightShare * tallest).ToList();
        return rows.Count <= MostRows ? rows : [];
    }
}
