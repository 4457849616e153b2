namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The mean, minimum or maximum over a square window around each pixel, one axis after the other, in time that does
/// not grow with the window; the window is cut at the image's edges.
/// </summary>
internal static class SquareWindow
{
    public enum Statistic
    {
        Mean,
        Min,
        Max,
    }

    /// <summary>Replaces each of <paramref name="values"/> (row-major) by the statistic within <paramref name="reach"/> pixels each way.</summary>
    public static void Apply(float[] values, int width, int height, int reach, Statistic statistic)
    {
        var line = new float[Math.Max(width, height)];
        var result = new float[line.Length];
        var queue = new int[line.Length];
        for (var y = 0; y < height; y++)
        {
            var row = values.AsSpan(y * width, width);
            row.CopyTo(line);
            Slide(line.AsSpan(0, width), row, queue, reach, statistic);
        }

        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                line[y] = values[y * width + x];
            }

            Slide(line.AsSpan(0, height), result.AsSpan(0, height), queue, reach, statistic);
            for (var y = 0; y < height; y++)
            {
                values[y * width + x] = result[y];
            }
        }
    }

    /// <summary>
    /// The mean, minimum or maximum of <paramref name="source"/> within <paramref name="reach"/> of each position (the
    /// window cut at the ends), in one pass: the extremes keep a queue of the positions that can still be one.
    /// </summary>
    private static void Slide(ReadOnlySpan<float> source, Span<float> destination, int[] queue, int reach, Statistic statistic)
    {
        var length = source.Length;
        if (statistic == Statistic.Mean)
        {
            var sum = 0.0;
            for (var i = 0; i < Math.Min(reach, length); i++)
            {
                sum += source[i];
            }

            for (var i = 0; i < length; i++)
            {
                if (i + reach < length)
                {
                    sum += source[i + reach];
                }

                if (i - reach - 1 >= 0)
                {
                    sum -= source[i - reach - 1];
                }

                destination[i] = (float)(sum / (Math.Min(length - 1, i + reach) - Math.Max(0, i - reach) + 1));
            }

            return;
        }

        int head = 0, tail = 0; // the queue holds positions whose values are monotonic: the extreme at its head
        for (var i = 0; i < length + reach; i++)
        {
            if (i < length)
            {
                while (tail > head && (statistic == Statistic.Min ? source[queue[tail - 1]] >= source[i] : source[queue[tail - 1]] <= source[i]))
                {
                    tail--;
                }

                queue[tail++] = i;
            }

            var centre = i - reach;
            if (centre < 0)
            {
                continue;
            }

            while (queue[head] < centre - reach)
            {
                head++;
            }

            destination[centre] = source[queue[head]];
        }
    }
}
