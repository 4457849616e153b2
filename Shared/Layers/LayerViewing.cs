using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Layers;

/// <summary>Turns a model's raw layer outputs for one image into bounded, display-ready views.</summary>
public static class LayerViewing
{
    /// <summary>How many channels of each block are shown.</summary>
    public const int StrongestChannels = 8;

    /// <summary>
    /// The block's strongest channels: <paramref name="activations"/> are one image's [C,H,W] values, or [C,D,H,W]
    /// for a Conv3D block (<paramref name="shape"/> is [1,C,H,W] or [1,C,D,H,W]); channels are ranked by mean
    /// activation and scaled together from the lowest to the highest value among those shown, so their
    /// brightness compares.
    /// </summary>
    public static BlockView Block(
        int block, ReadOnlySpan<float> activations, IReadOnlyList<long> shape, int strongest = StrongestChannels, BlockBranch branch = BlockBranch.Image)
    {
        var name = OnnxContract.BlockOutputName(branch, block);
        IReadOnlyList<long> volume = shape.Count == 4 ? [shape[0], shape[1], 1, shape[2], shape[3]] : shape;
        var (channels, depth, height, width) = VolumeShape(name, volume, activations.Length, "[1,C,H,W] or [1,C,D,H,W]", shape);
        var size = depth * height * width;
        var means = new float[channels];
        for (var channel = 0; channel < channels; channel++)
        {
            means[channel] = Mean(activations.Slice(channel * size, size));
        }

        var shown = Enumerable.Range(0, channels).OrderByDescending(c => means[c]).ThenBy(c => c).Take(strongest).ToArray();
        var (low, high) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var channel in shown)
        {
            foreach (var value in activations.Slice(channel * size, size))
            {
                (low, high) = (Math.Min(low, value), Math.Max(high, value));
            }
        }

        var maps = new List<FeatureMap>(shown.Length);
        foreach (var channel in shown)
        {
            maps.Add(new FeatureMap(channel, means[channel], height, width, Scaled(activations.Slice(channel * size, size), low, high), depth));
        }

        return new BlockView(block, channels, height, width, maps, depth);
    }

    /// <summary>The projections input [1,2,28]: column means, then row means (already 0..1).</summary>
    public static (float[] Columns, float[] Rows) Projections(ReadOnlySpan<float> values, IReadOnlyList<long> shape)
    {
        if (shape.Count != 3 || shape[0] != 1 || shape[1] != 2 || values.Length != shape[2] * 2)
        {
            throw new ArgumentException($"Projections: expected one image's [1,2,L] values; got [{string.Join(",", shape)}] ({values.Length} values).", nameof(shape));
        }

        var length = (int)shape[2];
        return (values[..length].ToArray(), values[length..].ToArray());
    }

    /// <summary>The quadrants input [1,1,4,14,14] as four images (already 0..1 intensities).</summary>
    public static IReadOnlyList<FeatureMap> Quadrants(ReadOnlySpan<float> values, IReadOnlyList<long> shape)
    {
        var (channels, quadrants, height, width) = VolumeShape(OnnxContract.QuadrantsOutputName, shape, values.Length, "[1,1,4,H,W]");
        if (channels != 1)
        {
            throw new ArgumentException($"Quadrants: expected one image's [1,1,4,H,W] values; got [{string.Join(",", shape)}].", nameof(shape));
        }

        var size = height * width;
        var images = new FeatureMap[quadrants];
        for (var q = 0; q < quadrants; q++)
        {
            var image = values.Slice(q * size, size);
            images[q] = new FeatureMap(q, Mean(image), height, width, image.ToArray());
        }

        return images;
    }

    /// <summary>
    /// Channels x depth x height x width of one image's values; <paramref name="shape"/> is [1,C,D,H,W]
    /// (<paramref name="given"/> the shape as the caller received it, for the error).
    /// </summary>
    private static (int Channels, int Depth, int Height, int Width) VolumeShape(
        string name, IReadOnlyList<long> shape, int valueCount, string expected, IReadOnlyList<long>? given = null)
    {
        if (shape.Count != 5 || shape[0] != 1 || shape.Skip(1).Any(d => d < 1) || shape.Skip(1).Aggregate(1L, (a, d) => a * d) != valueCount)
        {
            throw new ArgumentException(
                $"{name}: expected one image's {expected} values; got [{string.Join(",", given ?? shape)}] ({valueCount} values).", nameof(shape));
        }

        return ((int)shape[1], (int)shape[2], (int)shape[3], (int)shape[4]);
    }

    private static float Mean(ReadOnlySpan<float> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return (float)(sum / values.Length);
    }

    /// <summary>Maps low..high to 0..1; a flat block (high == low) shows as black.</summary>
    private static float[] Scaled(ReadOnlySpan<float> values, float low, float high)
    {
        var range = high - low;
        var scaled = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scaled[i] = range > 0 ? (values[i] - low) / range : 0f;
        }

        return scaled;
    }
}
