using Bunit;
using MnistBlazor.Client.Evidence;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.Evidence;

public sealed class EvidenceOverlayTests : BunitContext
{
    /// <summary>Two vertical bars: one in the left half (which the fake models read), one in the right (which they ignore).</summary>
    private static float[] TwoBars()
    {
        var pixels = new float[784];
        for (var y = 6; y < 22; y++)
        {
            pixels[y * 28 + 8] = pixels[y * 28 + 9] = 1f;
            pixels[y * 28 + 19] = pixels[y * 28 + 20] = 1f;
        }

        return pixels;
    }

    [Fact]
    public void Ink_that_pushed_towards_the_digit_is_blue_and_ignored_ink_stays_grey_over_a_white_background()
    {
        var pixels = TwoBars();
        var map = FakeEvidenceExplainer.Explain(pixels, [3, 3, 3, 3, 3]).For("nn")!.MapFor(3);

        var overlay = Render<EvidenceOverlay>(p => p.Add(o => o.Pixels, pixels).Add(o => o.Map, map).Add(o => o.ModelName, "NN"));

        var image = overlay.Find("img[data-testid=evidence-map]");
        var colours = OverlayPng.Decode(image.GetAttribute("src")!);
        var (r, g, b) = colours[10 * 28 + 8];
        Assert.True(b > r + 60 && b > g, $"left bar should be blue; got ({r}, {g}, {b})");
        Assert.Equal(colours[10 * 28 + 19].R, colours[10 * 28 + 19].B); // right bar: grey ink, no colour
        Assert.True(colours[10 * 28 + 19].R < 200);
        Assert.Equal((255, 255, 255), colours[0]);
        Assert.Equal("3", image.GetAttribute("data-digit"));
        Assert.Equal("0", image.GetAttribute("data-against-pixels"));
        Assert.True(int.Parse(image.GetAttribute("data-for-pixels")!, System.Globalization.CultureInfo.InvariantCulture) >= 32);
        Assert.StartsWith("NN evidence for 3:", image.GetAttribute("alt"));
    }

    [Fact]
    public void For_a_dark_page_the_same_map_is_drawn_on_black_with_the_ink_light_and_the_same_hues()
    {
        var pixels = TwoBars();
        var map = FakeEvidenceExplainer.Explain(pixels, [3, 3, 3, 3, 3]).For("nn")!.MapFor(3);

        var overlay = Render<EvidenceOverlay>(p => p.Add(o => o.Pixels, pixels).Add(o => o.Map, map).Add(o => o.ModelName, "NN"));

        var source = overlay.Find("picture source[data-testid=evidence-map-dark]");
        Assert.Equal("(prefers-color-scheme: dark)", source.GetAttribute("media"));
        var colours = OverlayPng.Decode(source.GetAttribute("srcset")!);
        var (r, g, b) = colours[10 * 28 + 8];
        Assert.True(b > r + 60 && b > g, $"left bar should be blue; got ({r}, {g}, {b})");
        Assert.Equal(colours[10 * 28 + 19].R, colours[10 * 28 + 19].B); // right bar: grey ink, no colour
        Assert.True(colours[10 * 28 + 19].R > colours[0].R + 100, "the ink is lighter than the background");
        Assert.Equal((0x12, 0x12, 0x12), colours[0]);
    }

    [Fact]
    public void Ink_that_pushed_against_the_digit_is_orange()
    {
        var pixels = TwoBars();
        // Each fake model is surer of its own digit the more left-half ink there is, so that ink counts against any other digit.
        var map = FakeEvidenceExplainer.Explain(pixels, [3, 3, 3, 3, 3]).For("nn")!.MapFor(5);

        var overlay = Render<EvidenceOverlay>(p => p.Add(o => o.Pixels, pixels).Add(o => o.Map, map));

        var image = overlay.Find("img");
        var (r, g, b) = OverlayPng.Decode(image.GetAttribute("src")!)[10 * 28 + 8];
        Assert.True(r > b + 60 && r > g, $"left bar should be orange; got ({r}, {g}, {b})");
        Assert.Equal("0", image.GetAttribute("data-for-pixels"));
        Assert.NotEqual("0", image.GetAttribute("data-against-pixels"));
    }

    [Theory]
    [InlineData(1f, 0.05f)]
    [InlineData(0f, -0.09f)]
    public void Changes_below_a_tenth_of_the_largest_are_not_coloured(float ink, float evidence)
    {
        var (r, g, b) = EvidenceColors.Of(ink, evidence);

        Assert.Equal(r, g);
        Assert.Equal(g, b);
    }

    [Fact]
    public void The_legend_names_both_colours_for_the_digit_and_says_how_to_read_them()
    {
        var legend = Render<EvidenceLegend>(p => p.Add(l => l.Digit, 9).Add(l => l.Explained, true));

        Assert.Equal("blue: for 9", legend.Find("[data-testid=legend-for]").TextContent);
        Assert.Equal("orange: against 9", legend.Find("[data-testid=legend-against]").TextContent);
        Assert.Contains("hiding it makes the model less sure", legend.Find("[data-testid=evidence-legend]").TextContent);

        var compact = Render<EvidenceLegend>(p => p.Add(l => l.Digit, 9));
        Assert.DoesNotContain("hiding it", compact.Markup);
    }
}
