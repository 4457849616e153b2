using MnistBlazor.Client.Dataset;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Client.Layers;

/// <summary>A feature map as a tiny grayscale PNG data URL (bright = strong): one &lt;img&gt; per map instead of one element per value.</summary>
public static class FeatureMapPng
{
    public static string DataUrl(FeatureMap map)
    {
        var bytes = new byte[map.Values.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Round(Math.Clamp(map.Values[i], 0f, 1f) * 255);
        }

        return DigitPng.GrayscaleDataUrl(bytes, map.Width, map.Height);
    }
}
