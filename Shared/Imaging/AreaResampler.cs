namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Exact box-filter (area-averaging) resampling, for shrinking and enlarging alike. Each destination
/// pixel is the mean of the source over the area that pixel covers once the source region is scaled
/// by <c>scale</c> and centred in the destination; area outside the source region counts as background.
/// The filter is separable, so it runs as a horizontal pass then a vertical pass.
/// </summary>
public static class AreaResampler
{
    /// <summary>The number of destination pixels that hold <paramref name="sourceLength"/> pixels scaled by <paramref name="scale"/>.</summary>
    public static int ScaledLength(int sourceLength, float scale) =>
        Math.Max(1, (int)MathF.Ceiling(sourceLength * scale - 1e-3f));

    /// <param name="source">Row-major source pixels.</param>
    /// <param name="sourceWidth">The source's row length.</param>
    /// <param name="region">The part of the source to resample.</param>
    /// <param name="scale">Destination pixels per source pixel, the same on both axes.</param>
    /// <param name="destination">Row-major, destinationWidth * destinationHeight pixels; overwritten.</param>
    public static void Resample(
        ReadOnlySpan<float> source, int sourceWidth, PixelBox region, float scale,
        Span<float> destination, int destinationWidth, int destinationHeight)
    {
        if (!(scale > 0f) || !float.IsFinite(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a positive finite number.");
        }

        if (region.X < 0 || region.Y < 0 || region.Width < 1 || region.Height < 1 || region.Right > sourceWidth
            || (long)region.Bottom * sourceWidth > source.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, "The region must lie inside the source.");
        }

        if (destinationWidth < 1 || destinationHeight < 1 || destination.Length != destinationWidth * destinationHeight)
        {
            throw new ArgumentException(
                $"The destination must hold {destinationWidth}x{destinationHeight} pixels.", nameof(destination));
        }

        var columns = AxisWeights.Create(region.Width, destinationWidth, scale);
        var rows = AxisWeights.Create(region.Height, destinationHeight, scale);

        // Horizontal pass: every source row of the region shrinks or grows to destinationWidth.
        var horizontal = new float[region.Height * destinationWidth];
        for (var y = 0; y < region.Height; y++)
        {
            var sourceRow = source.Slice((region.Y + y) * sourceWidth + region.X, region.Width);
            columns.Apply(sourceRow, 1, horizontal.AsSpan(y * destinationWidth, destinationWidth), 1);
        }

        // Vertical pass, one destination column at a time.
        for (var x = 0; x < destinationWidth; x++)
        {
            rows.Apply(horizontal.AsSpan(x), destinationWidth, destination[x..], destinationWidth);
        }
    }

    /// <summary>For each destination index along one axis: the source pixels it overlaps and by how much.</summary>
    private sealed class AxisWeights
    {
        private readonly int[] _firstSource;
        private readonly int[] _sourceCount;
        private readonly float[] _weights;
        private readonly int[] _weightStart;

        private AxisWeights(int[] firstSource, int[] sourceCount, float[] weights, int[] weightStart)
        {
            _firstSource = firstSource;
            _sourceCount = sourceCount;
            _weights = weights;
            _weightStart = weightStart;
        }

        public static AxisWeights Create(int sourceLength, int destinationLength, float scale)
        {
            // Destination coordinate t shows source coordinate (t - offset) / scale.
            var offset = (destinationLength - sourceLength * (double)scale) / 2.0;
            var firstSource = new int[destinationLength];
            var sourceCount = new int[destinationLength];
            var weightStart = new int[destinationLength];
            var weights = new List<float>(sourceLength + destinationLength * 2);
            for (var d = 0; d < destinationLength; d++)
            {
                var from = (d - offset) / scale;
                var to = (d + 1 - offset) / scale;
                var first = Math.Max(0, (int)Math.Floor(from));
                var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(to) - 1);
                firstSource[d] = first;
                weightStart[d] = weights.Count;
                for (var s = first; s <= last; s++)
                {
                    var overlap = Math.Min(to, s + 1) - Math.Max(from, s);
                    weights.Add((float)(overlap * scale));
                }

                sourceCount[d] = Math.Max(0, last - first + 1);
            }

            return new AxisWeights(firstSource, sourceCount, [.. weights], weightStart);
        }

        public void Apply(ReadOnlySpan<float> source, int sourceStep, Span<float> destination, int destinationStep)
        {
            for (var d = 0; d < _firstSource.Length; d++)
            {
                var sum = 0f;
                var weightIndex = _weightStart[d];
                var s = _firstSource[d] * sourceStep;
                for (var k = 0; k < _sourceCount[d]; k++, s += sourceStep)
                {
                    sum += _weights[weightIndex + k] * source[s];
                }

                destination[d * destinationStep] = Math.Min(sum, 1f);
            }
        }
    }
}
