using MnistBlazor.Client.Dataset;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Evidence;

/// <summary>
/// How an evidence map is drawn over its image: blue where ink pushed the model towards the digit,
/// orange where it pushed against it (a pair people with red-green colour blindness tell apart), the
/// stronger the more opaque; the ink itself in grey beneath, on white (<see cref="EvidencePalette.Light"/>) or, for
/// a dark page, on black as MNIST draws it (<see cref="EvidencePalette.Dark"/>).
/// </summary>
public static class EvidenceColors
{
    /// <summary>Below this share of the largest change a pixel is drawn without colour (and not counted).</summary>
    public const float VisibleShare = 0.1f;

    /// <summary>One pixel's colour: <paramref name="ink"/> 0..1, <paramref name="evidence"/> -1..1 (normalized).</summary>
    public static (byte R, byte G, byte B) Of(float ink, float evidence, EvidencePalette? palette = null)
    {
        palette ??= EvidencePalette.Light;
        var grey = palette.Background + palette.InkShift * Math.Clamp(ink, 0f, 1f);
        var strength = Math.Abs(evidence) < VisibleShare ? 0f : 0.25f + 0.7f * Math.Min(1f, Math.Abs(evidence));
        var hue = evidence >= 0 ? palette.For : palette.Against;
        return (Mix(grey, hue.R, strength), Mix(grey, hue.G, strength), Mix(grey, hue.B, strength));
    }

    /// <summary>The image with the map over it, as a 28x28 PNG data URL.</summary>
    public static string OverlayDataUrl(IReadOnlyList<float> pixels, EvidenceMap map, EvidencePalette? palette = null)
    {
        if (pixels.Count != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Count}.", nameof(pixels));
        }

        var normalized = map.Normalized();
        var rgb = new byte[MnistGeometry.PixelCount * 3];
        for (var pixel = 0; pixel < MnistGeometry.PixelCount; pixel++)
        {
            (rgb[pixel * 3], rgb[pixel * 3 + 1], rgb[pixel * 3 + 2]) = Of(pixels[pixel], normalized[pixel], palette);
        }

        return DigitPng.RgbDataUrl(rgb);
    }

    /// <summary>How many pixels are drawn blue (for) and orange (against).</summary>
    public static (int For, int Against) Count(EvidenceMap map)
    {
        var normalized = map.Normalized();
        return (normalized.Count(v => v >= VisibleShare), normalized.Count(v => v <= -VisibleShare));
    }

    private static byte Mix(float from, byte to, float share) => (byte)Math.Round(from + (to - from) * share);
}

/// <summary>
/// The colours of an evidence map: the background's grey, how much ink shifts it (darker on white, lighter on
/// black), and the two hues (evidence.css draws the legend's scale with the same ones).
/// </summary>
public sealed record EvidencePalette(byte Background, float InkShift, (byte R, byte G, byte B) For, (byte R, byte G, byte B) Against)
{
    /// <summary>On white: grey ink, #2166ac for and #e66101 against.</summary>
    public static EvidencePalette Light { get; } = new(255, -140, (0x21, 0x66, 0xac), (0xe6, 0x61, 0x01));

    /// <summary>On the dark page: MNIST's black with light grey ink, and lighter shades of the two hues, #4393c3 and #f1a340.</summary>
    public static EvidencePalette Dark { get; } = new(0x12, 140, (0x43, 0x93, 0xc3), (0xf1, 0xa3, 0x40));
}
