namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The connected regions of the marked cells of a row-major grid: each marked cell carries its region's number, from 1
/// to <see cref="Count"/>, each unmarked cell 0. Four-connected regions join cells that share a side; eight-connected
/// ones also cells that share only a corner (a stroke drawn diagonally stays one piece).
/// </summary>
public sealed class ConnectedRegions
{
    private readonly int[] labels;

    private ConnectedRegions(int[] labels, int count, int width)
    {
        this.labels = labels;
        Count = count;
        Width = width;
    }

    /// <summary>Each cell's region number (0: not marked).</summary>
    public ReadOnlySpan<int> Labels => labels;

    /// <summary>How many regions there are.</summary>
    public int Count { get; }

    public int Width { get; }

    public int Height => labels.Length / Width;

    public static ConnectedRegions Of(ReadOnlySpan<bool> marked, int width, int height, bool eightConnected)
    {
        if (width <= 0 || height <= 0 || marked.Length != width * height)
        {
            throw new ArgumentException($"A grid of {width}x{height} cells needs {width * height} marks, not {marked.Length}.", nameof(marked));
        }

        var labels = new int[marked.Length];
        var stack = new Stack<int>();
        var count = 0;
        for (var start = 0; start < marked.Length; start++)
        {
            if (!marked[start] || labels[start] != 0)
            {
                continue;
            }

            labels[start] = ++count;
            stack.Push(start);
            while (stack.TryPop(out var index))
            {
                int x = index % width, y = index / width;
                for (var ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
                {
                    for (var nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                    {
                        var next = ny * width + nx;
                        if ((eightConnected || nx == x || ny == y) && marked[next] && labels[next] == 0)
                        {
                            labels[next] = count;
                            stack.Push(next);
                        }
                    }
                }
            }
        }

        return new ConnectedRegions(labels, count, width);
    }

    /// <summary>Each region's number of cells, indexed by region number (index 0 unused).</summary>
    public int[] Areas()
    {
        var areas = new int[Count + 1];
        foreach (var label in labels)
        {
            areas[label]++;
        }

        areas[0] = 0;
        return areas;
    }

    /// <summary>Each region's sum of <paramref name="weights"/> over its cells, indexed by region number (index 0 unused).</summary>
    public double[] Sums(ReadOnlySpan<float> weights)
    {
        var sums = new double[Count + 1];
        for (var i = 0; i < labels.Length; i++)
        {
            sums[labels[i]] += weights[i];
        }

        sums[0] = 0;
        return sums;
    }

    /// <summary>Each region's largest of <paramref name="weights"/> over its cells, indexed by region number (index 0 unused).</summary>
    public float[] Maxima(ReadOnlySpan<float> weights)
    {
        var maxima = new float[Count + 1];
        for (var i = 0; i < labels.Length; i++)
        {
            maxima[labels[i]] = Math.Max(maxima[labels[i]], weights[i]);
        }

        maxima[0] = 0;
        return maxima;
    }

    /// <summary>Each region's bounding box in cells, indexed by region number (index 0 unused, empty).</summary>
    public PixelBox[] Boxes()
    {
        var (left, right, top, bottom) = (new int[Count + 1], new int[Count + 1], new int[Count + 1], new int[Count + 1]);
        Array.Fill(left, int.MaxValue);
        Array.Fill(top, int.MaxValue);
        for (var cell = 0; cell < labels.Length; cell++)
        {
            if (labels[cell] is var region and > 0)
            {
                var (x, y) = (cell % Width, cell / Width);
                (left[region], right[region]) = (Math.Min(left[region], x), Math.Max(right[region], x + 1));
                (top[region], bottom[region]) = (Math.Min(top[region], y), Math.Max(bottom[region], y + 1));
            }
        }

        return Enumerable.Range(0, Count + 1)
            .Select(region => region == 0 ? default : new PixelBox(left[region], top[region], right[region] - left[region], bottom[region] - top[region]))
            .ToArray();
    }

    /// <summary>Which regions have a cell on the grid's border, indexed by region number (index 0 false).</summary>
    public bool[] TouchingBorder()
    {
        var touching = new bool[Count + 1];
        int width = Width, height = Height;
        for (var x = 0; x < width; x++)
        {
            touching[labels[x]] = true;
            touching[labels[(height - 1) * width + x]] = true;
        }

        for (var y = 0; y < height; y++)
        {
            touching[labels[y * width]] = true;
            touching[labels[y * width + width - 1]] = true;
        }

        touching[0] = false;
        return touching;
    }

    /// <summary>The cells of the regions <paramref name="chosen"/> (indexed by region number) marks.</summary>
    public bool[] CellsOf(ReadOnlySpan<bool> chosen)
    {
        var cells = new bool[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            cells[i] = labels[i] != 0 && chosen[labels[i]];
        }

        return cells;
    }
}
