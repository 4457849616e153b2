namespace MnistBlazor.Shared.Imaging;

/// <summary>How the ink of a capture was told apart from its background.</summary>
public enum InkPolarity
{
    /// <summary>The background is transparent; opacity (alpha) is the ink, whatever its colour.</summary>
    AlphaOnTransparent,

    /// <summary>An opaque light background (e.g. black ink on white paper or canvas).</summary>
    DarkOnLight,

    /// <summary>An opaque dark background (e.g. white ink on black, like MNIST itself).</summary>
    LightOnDark,
}

/// <summary>The background a capture was found to have. Level is its luminance, 0..255.</summary>
public readonly record struct InkBackground(InkPolarity Polarity, byte Level);

/// <summary>
/// Turns a canvas capture or decoded image into ink (<see cref="GrayImage"/>), whatever its polarity.
/// <para>
/// Rule: the background is what the outermost ring of pixels mostly shows (its median), because a
/// drawing rarely covers the border while its background always does. If the median border alpha
/// is below 128 the background is transparent and alpha is the ink. Otherwise pixels are composited
/// over the background and their luminance (Rec. 601: 0.299 R + 0.587 G + 0.114 B) is compared with
/// the median border luminance: a background at 128 or above means dark ink on light, below means
/// light ink on dark. Ink is the distance from the background level, normalised so the opposite
/// extreme (black on a light background, white on a dark one) is 1 and the background itself is 0;
/// an off-white or grey background therefore does not turn into faint ink everywhere. A sheet of paper photographed
/// on a darker desk is dark ink on the sheet, not a light sheet on a dark background (<see cref="SheetOnDesk"/>).
/// Opaque pages of at least <see cref="PaperCleanup.MinSide"/> pixels then lose what is paper rather than digit
/// (<see cref="PaperCleanup"/>).
/// </para>
/// </summary>
public static class InkImage
{
    private const int HalfLevel = 128;

    /// <summary>Converts RGBA bytes (4 per pixel, row-major, straight alpha) to ink.</summary>
    public static GrayImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var (background, borderLuminance) = DetectRgba(rgba, width, height);
        var ink = new float[width * height];
        if (background.Polarity == InkPolarity.AlphaOnTransparent)
        {
            for (var i = 0; i < ink.Length; i++)
            {
                ink[i] = rgba[i * 4 + 3] / 255f;
            }
        }
        else
        {
            background = OnPage(background, borderLuminance, width, height);
            var level = (float)background.Level;
            var luminance = new float[ink.Length];
            for (var i = 0; i < ink.Length; i++)
            {
                var alpha = rgba[i * 4 + 3];
                luminance[i] = Luminance(rgba.Slice(i * 4, 3));
                if (alpha != 255)
                {
                    luminance[i] = (alpha * luminance[i] + (255 - alpha) * level) / 255f;
                }
            }

            FromLuminance(luminance, width, height, background, ink);
        }

        return GrayImage.Trusted(ink, width, height);
    }

    /// <summary>Converts single-channel luminance bytes (row-major, no alpha) to ink.</summary>
    public static GrayImage FromGray(ReadOnlySpan<byte> luminance, int width, int height)
    {
        var (detected, borderLuminance) = DetectGray(luminance, width, height);
        var background = OnPage(detected, borderLuminance, width, height);
        var ink = new float[width * height];
        var levels = new float[ink.Length];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = luminance[i];
        }

        FromLuminance(levels, width, height, background, ink);
        return GrayImage.Trusted(ink, width, height);
    }

    /// <summary>
    /// Ink from opaque luminance against <paramref name="background"/>, then <see cref="PaperCleanup"/>. What looks like
    /// light ink on a dark background may be a sheet of paper on a darker desk (<see cref="SheetOnDesk"/>): then the
    /// ink is the sheet's dark ink, measured from its lightest 1 % as on any page, and nothing outside the sheet is ink.
    /// </summary>
    private static void FromLuminance(float[] luminance, int width, int height, InkBackground background, float[] ink)
    {
        var sheet = background.Polarity == InkPolarity.LightOnDark ? SheetOnDesk.Find(luminance, width, height) : null;
        if (sheet is not null)
        {
            var paper = new InkBackground(InkPolarity.DarkOnLight, LightestLevel(luminance, sheet));
            for (var i = 0; i < ink.Length; i++)
            {
                ink[i] = sheet[i] ? InkFromLuminance(luminance[i], paper) : 0f;
            }
        }
        else
        {
            for (var i = 0; i < ink.Length; i++)
            {
                ink[i] = InkFromLuminance(luminance[i], background);
            }
        }

        PaperCleanup.Apply(ink, width, height, sheet);
    }

    /// <summary>The luminance of the lightest 1 % of the pixels inside <paramref name="region"/>, at least 1.</summary>
    private static byte LightestLevel(float[] luminance, bool[] region)
    {
        var histogram = new int[256];
        for (var i = 0; i < luminance.Length; i++)
        {
            if (region[i])
            {
                histogram[Math.Clamp((int)MathF.Round(luminance[i]), 0, 255)]++;
            }
        }

        return Math.Max((byte)1, OnePercentFrom(histogram, lightest: true));
    }

    public static InkBackground DetectRgbaBackground(ReadOnlySpan<byte> rgba, int width, int height) =>
        DetectRgba(rgba, width, height).Background;

    public static InkBackground DetectGrayBackground(ReadOnlySpan<byte> luminance, int width, int height) =>
        DetectGray(luminance, width, height).Background;

    /// <summary>The background, and the histogram of the border's luminance it was read from.</summary>
    private static (InkBackground Background, int[] BorderLuminance) DetectRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        RequireLength(rgba.Length, width, height, bytesPerPixel: 4, "RGBA");
        Span<int> alphaHistogram = stackalloc int[256];
        var luminanceHistogram = new int[256];
        var borderCount = 0;
        foreach (var index in BorderPixels(width, height))
        {
            var pixel = rgba.Slice(index * 4, 4);
            alphaHistogram[pixel[3]]++;
            luminanceHistogram[(int)MathF.Round(Luminance(pixel[..3]))]++;
            borderCount++;
        }

        var background = Median(alphaHistogram, borderCount) < HalfLevel
            ? new InkBackground(InkPolarity.AlphaOnTransparent, 0)
            : FromLevel(Median(luminanceHistogram, borderCount));
        return (background, luminanceHistogram);
    }

    private static (InkBackground Background, int[] BorderLuminance) DetectGray(ReadOnlySpan<byte> luminance, int width, int height)
    {
        RequireLength(luminance.Length, width, height, bytesPerPixel: 1, "luminance");
        var histogram = new int[256];
        var borderCount = 0;
        foreach (var index in BorderPixels(width, height))
        {
            histogram[luminance[index]]++;
            borderCount++;
        }

        return (FromLevel(Median(histogram, borderCount)), histogram);
    }

    /// <summary>
    /// On a page (<see cref="PaperCleanup.MinSide"/> pixels or more), ink is measured from the lightest paper on the
    /// border (its 99th percentile; the darkest, 1st, for light ink on dark) instead of its median: unevenly lit paper
    /// then shows as a little ink everywhere, which <see cref="PaperCleanup"/> measures and takes away, rather than
    /// being cut off at zero on its lighter side. An even page keeps its level.
    /// </summary>
    private static InkBackground OnPage(InkBackground background, int[] borderHistogram, int width, int height)
    {
        if (Math.Max(width, height) < PaperCleanup.MinSide)
        {
            return background;
        }

        return borderHistogram.Sum() == 0
            ? background
            : background with { Level = OnePercentFrom(borderHistogram, lightest: background.Polarity == InkPolarity.DarkOnLight) };
    }

    /// <summary>The level of the lightest (or darkest) 1 % of what <paramref name="histogram"/> counts.</summary>
    private static byte OnePercentFrom(int[] histogram, bool lightest)
    {
        var count = histogram.Sum();
        var seen = 0;
        for (var step = 0; step < 256; step++)
        {
            var value = lightest ? 255 - step : step;
            seen += histogram[value];
            if (seen * 100 >= count)
            {
                return (byte)value;
            }
        }

        return lightest ? (byte)0 : (byte)255;
    }

    private static InkBackground FromLevel(int level) =>
        new(level >= HalfLevel ? InkPolarity.DarkOnLight : InkPolarity.LightOnDark, (byte)level);

    // Integer weights keep a grey pixel (R = G = B = k) at exactly k, so every polarity of the
    // same drawing gives bit-identical ink.
    private static float Luminance(ReadOnlySpan<byte> rgb) => (299 * rgb[0] + 587 * rgb[1] + 114 * rgb[2]) / 1000f;

    private static float InkFromLuminance(float luminance, InkBackground background)
    {
        var level = (float)background.Level;
        var ink = background.Polarity == InkPolarity.DarkOnLight
            ? (level - luminance) / level
            : (luminance - level) / (255f - level);
        return Math.Clamp(ink, 0f, 1f);
    }

    private static int Median(ReadOnlySpan<int> histogram, int count)
    {
        var seen = 0;
        for (var value = 0; value < histogram.Length; value++)
        {
            seen += histogram[value];
            if (seen * 2 >= count)
            {
                return value;
            }
        }

        return histogram.Length - 1;
    }

    private static void RequireLength(int length, int width, int height, int bytesPerPixel, string what)
    {
        GrayImage.RequireSize(width, height);
        var expected = (long)width * height * bytesPerPixel;
        if (length != expected)
        {
            throw new ArgumentException(
                $"A {width}x{height} {what} image needs {expected} bytes ({bytesPerPixel} per pixel), but {length} were given.");
        }
    }

    /// <summary>Indices of the outermost ring of pixels, each once.</summary>
    private static IEnumerable<int> BorderPixels(int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            if (y == 0 || y == height - 1)
            {
                for (var x = 0; x < width; x++)
                {
                    yield return y * width + x;
                }
            }
            else
            {
                yield return y * width;
                if (width > 1)
                {
                    yield return y * width + width - 1;
                }
            }
        }
    }
}
