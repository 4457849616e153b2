using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class InkImageTests
{
    /// <summary>Ink levels 0..255 of a small test drawing: a ring of anti-aliased ink away from the border.</summary>
    private static byte[] InkLevels(int width, int height)
    {
        var drawing = new StrokeDrawing(width, height,
        [
            new Stroke([new(width * 0.3f, height * 0.3f), new(width * 0.7f, height * 0.35f), new(width * 0.5f, height * 0.8f)], width / 12f),
        ]);
        var ink = StrokeRasterizer.Rasterize(drawing).Ink;
        return ink.Select(value => (byte)MathF.Round(value * 255f)).ToArray();
    }

    private static byte[] Rgba(byte[] inkLevels, Func<byte, (byte R, byte G, byte B, byte A)> pixel)
    {
        var rgba = new byte[inkLevels.Length * 4];
        for (var i = 0; i < inkLevels.Length; i++)
        {
            var (r, g, b, a) = pixel(inkLevels[i]);
            rgba[i * 4] = r;
            rgba[i * 4 + 1] = g;
            rgba[i * 4 + 2] = b;
            rgba[i * 4 + 3] = a;
        }

        return rgba;
    }

    [Fact]
    public void Every_polarity_of_the_same_drawing_gives_identical_ink()
    {
        const int width = 60, height = 50;
        var levels = InkLevels(width, height);
        var expected = levels.Select(level => level / 255f).ToArray();
        Assert.Contains(expected, value => value is > 0f and < 1f); // anti-aliased edges are part of the check

        var captures = new Dictionary<string, GrayImage>
        {
            ["white on black"] = InkImage.FromRgba(Rgba(levels, k => (k, k, k, 255)), width, height),
            ["black on white"] = InkImage.FromRgba(Rgba(levels, k => ((byte)(255 - k), (byte)(255 - k), (byte)(255 - k), 255)), width, height),
            ["black ink on transparent"] = InkImage.FromRgba(Rgba(levels, k => (0, 0, 0, k)), width, height),
            ["white ink on transparent"] = InkImage.FromRgba(Rgba(levels, k => (255, 255, 255, k)), width, height),
            ["grey, light on dark"] = InkImage.FromGray(levels, width, height),
            ["grey, dark on light"] = InkImage.FromGray(levels.Select(k => (byte)(255 - k)).ToArray(), width, height),
        };

        foreach (var (name, image) in captures)
        {
            Assert.True(expected.SequenceEqual(image.Ink), $"{name} differs from the reference ink");
        }
    }

    [Fact]
    public void Detects_the_background_from_the_border()
    {
        const int width = 40, height = 30;
        var levels = InkLevels(width, height);

        Assert.Equal(new InkBackground(InkPolarity.LightOnDark, 0),
            InkImage.DetectRgbaBackground(Rgba(levels, k => (k, k, k, 255)), width, height));
        Assert.Equal(new InkBackground(InkPolarity.DarkOnLight, 255),
            InkImage.DetectRgbaBackground(Rgba(levels, k => ((byte)(255 - k), (byte)(255 - k), (byte)(255 - k), 255)), width, height));
        Assert.Equal(InkPolarity.AlphaOnTransparent,
            InkImage.DetectRgbaBackground(Rgba(levels, k => (0, 0, 0, k)), width, height).Polarity);
        Assert.Equal(new InkBackground(InkPolarity.DarkOnLight, 230),
            InkImage.DetectGrayBackground(levels.Select(k => (byte)(230 - k * 230 / 255)).ToArray(), width, height));
    }

    [Fact]
    public void A_digit_touching_the_border_does_not_flip_the_polarity()
    {
        // Black on white; the whole top row and half the left column are inked (a frame-filling
        // digit): 29 of the 76 border pixels, still a minority.
        const int width = 20, height = 20;
        var luminance = Enumerable.Repeat((byte)255, width * height).ToArray();
        for (var i = 0; i < width; i++)
        {
            luminance[i] = 0;
            if (i < height / 2)
            {
                luminance[i * width] = 0;
            }
        }

        var image = InkImage.FromGray(luminance, width, height);

        Assert.Equal(InkPolarity.DarkOnLight, InkImage.DetectGrayBackground(luminance, width, height).Polarity);
        Assert.Equal(1f, image[0, 5]);
        Assert.Equal(0f, image[5, 5]);
    }

    [Fact]
    public void Ink_is_measured_from_an_off_white_background_level()
    {
        // Paper at 240: the paper is no ink, black is full ink, half-way grey is half ink.
        const int width = 5, height = 5;
        var luminance = Enumerable.Repeat((byte)240, width * height).ToArray();
        luminance[6] = 0;
        luminance[7] = 120;
        luminance[8] = 250; // brighter than the paper: no ink, not negative ink

        var image = InkImage.FromGray(luminance, width, height);

        Assert.Equal(1f, image[1, 1]);
        Assert.Equal(0.5f, image[2, 1]);
        Assert.Equal(0f, image[3, 1]);
        Assert.Equal(0f, image[0, 0]);
    }

    [Fact]
    public void Colour_ink_counts_by_luminance_and_translucent_pixels_are_composited_over_the_background()
    {
        const int width = 3, height = 3;
        var rgba = Enumerable.Repeat((byte)255, width * height * 4).ToArray(); // opaque white
        // Centre pixel: opaque pure red, luminance 0.299 * 255 = 76.245.
        rgba[4 * 4 + 1] = 0;
        rgba[4 * 4 + 2] = 0;
        // Pixel (2, 1): black at 40% opacity over white -> luminance 153 -> ink 0.4.
        rgba[5 * 4] = 0;
        rgba[5 * 4 + 1] = 0;
        rgba[5 * 4 + 2] = 0;
        rgba[5 * 4 + 3] = 102;

        var image = InkImage.FromRgba(rgba, width, height);

        Assert.Equal(1f - 76.245f / 255f, image[1, 1], 1e-5f);
        Assert.Equal(0.4f, image[2, 1], 1e-5f);
        Assert.Equal(0f, image[0, 0]);
    }

    [Fact]
    public void Rejects_a_buffer_of_the_wrong_length()
    {
        var error = Assert.Throws<ArgumentException>(() => InkImage.FromRgba(new byte[100], 5, 6));
        Assert.Contains("5x6 RGBA image needs 120 bytes", error.Message);
        Assert.Contains("100 were given", error.Message);

        error = Assert.Throws<ArgumentException>(() => InkImage.FromGray(new byte[29], 5, 6));
        Assert.Contains("needs 30 bytes", error.Message);
    }

    [Fact]
    public void A_uniform_capture_is_all_background()
    {
        Assert.All(InkImage.FromGray(Enumerable.Repeat((byte)255, 16).ToArray(), 4, 4).Ink, value => Assert.Equal(0f, value));
        Assert.All(InkImage.FromGray(new byte[16], 4, 4).Ink, value => Assert.Equal(0f, value));
        Assert.All(InkImage.FromRgba(new byte[64], 4, 4).Ink, value => Assert.Equal(0f, value));
    }
}
