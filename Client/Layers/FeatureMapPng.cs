using MnistBlazor.Client.Dataset;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Client.Layers;

/// <summary>A feature map as tiny grayscale PNG data URLs (bright = strong): one &lt;img&gt; per map slice instead of one element per value.</summary>
public static class FeatureMapPng
{
    /// <summary>One PNG per depth slice of <paramref name="map"/> (a single one for 2D maps), in depth order.</summary>
    public static string[] DataUrls(FeatureMap map) => [.. Enumerable.Range(0, map.Depth).Select(depth => DataUrl(map, depth))];

    public static string DataUrl(FeatureMap map, int depth = 0)
    {
        var slice = map.Slice(depth);
        var bytes = new byte[slice.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Round(Math.Clamp(slice[i], 0f, 1f) * 255);
        }

        return DigitPng.GrayscaleDataUrl(bytes, map.Width, map.Height);
    }
}
