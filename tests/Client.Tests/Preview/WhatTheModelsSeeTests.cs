using Bunit;
using MnistBlazor.Client.Preview;
using MnistBlazor.Shared.Features;

namespace MnistBlazor.Client.Tests.Preview;

public sealed class WhatTheModelsSeeTests : BunitContext
{
    public WhatTheModelsSeeTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void Without_an_image_it_explains_what_will_appear()
    {
        var panel = Render<WhatTheModelsSee>();

        Assert.Empty(panel.FindAll("[data-testid=preview]"));
        Assert.Contains("appear here as you draw", panel.Markup);
    }

    [Fact]
    public void Shows_the_image_pixel_by_pixel_its_projections_and_quadrants_from_shared_features()
    {
        var image = new float[784];
        for (var y = 4; y < 24; y++)
        {
            image[y * 28 + 6] = 1f;    // a bar in the top-left and bottom-left quadrants
            image[y * 28 + 20] = 0.5f; // a fainter bar on the right
        }

        var panel = Render<WhatTheModelsSee>(p => p.Add(c => c.Pixels, image));

        var preview = panel.Find("[data-testid=preview]");
        Assert.Equal("40", preview.GetAttribute("data-ink-pixels"));
        Assert.Equal(40, preview.QuerySelectorAll("rect").Length - 1); // plus the black background
        Assert.Contains(preview.QuerySelectorAll("rect"), r => r.GetAttribute("x") == "20" && r.GetAttribute("fill") == "rgb(128,128,128)");

        var projections = ImageFeatures.Projections(image);
        var xBars = panel.FindAll("[data-testid=projection-x] tr");
        var yBars = panel.FindAll("[data-testid=projection-y] tr");
        Assert.Equal(projections[6].ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), xBars[6].GetAttribute("data-value"));
        Assert.Equal(projections[28 + 10].ToString("0.####", System.Globalization.CultureInfo.InvariantCulture), yBars[10].GetAttribute("data-value"));

        var inkPerQuadrant = Enumerable.Range(0, 4)
            .Select(q => int.Parse(panel.Find($"[data-testid=quadrant-{q}]").GetAttribute("data-ink-pixels")!))
            .ToArray();
        Assert.Equal([10, 10, 10, 10], inkPerQuadrant);
        Assert.Equal(["top-left", "top-right", "bottom-left", "bottom-right"], panel.FindAll("figcaption").Select(c => c.TextContent));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Several_parts_side_by_side_are_said_to_be_read_as_one_digit(int parts, bool said)
    {
        var image = new float[784];
        image[400] = 1f;

        var panel = Render<WhatTheModelsSee>(p => p.Add(c => c.Pixels, image).Add(c => c.SideBySideParts, parts));

        var notes = panel.FindAll("[data-testid=several-digits]");
        Assert.Equal(said, notes.Count == 1);
        if (said)
        {
            Assert.Contains($"This looks like {parts} digits side by side", notes[0].TextContent);
        }
    }

    [Theory]
    [InlineData(false, 1, false)]
    [InlineData(true, 1, true)]
    [InlineData(true, 13, false)] // too many digits to read: that notice says what to do
    public void Ink_wider_than_a_digit_gets_a_hint_on_writing_a_number(bool wider, int parts, bool said)
    {
        var image = new float[784];
        image[400] = 1f;

        var panel = Render<WhatTheModelsSee>(p => p.Add(c => c.Pixels, image).Add(c => c.SideBySideParts, parts).Add(c => c.WiderThanADigit, wider));

        var notes = panel.FindAll("[data-testid=wider-than-a-digit]");
        Assert.Equal(said, notes.Count == 1);
        if (said)
        {
            Assert.Contains("If it holds several digits, leave a little room between them", string.Join(' ', notes[0].TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }
    }

    [Theory]
    [InlineData(true, 1, true)]
    [InlineData(false, 1, false)] // no cuts to try: nothing to offer
    [InlineData(true, 13, false)] // too many digits to read: that notice says what to do
    public void Ink_read_as_one_digit_with_cuts_to_try_is_offered_to_be_read_as_two_digits(bool offers, int parts, bool offered)
    {
        var image = new float[784];
        image[400] = 1f;
        var asked = 0;

        var panel = Render<WhatTheModelsSee>(p => p.Add(c => c.Pixels, image).Add(c => c.SideBySideParts, parts)
            .Add(c => c.OffersTwoDigits, offers).Add(c => c.ReadAsTwoDigits, () => asked++));

        Assert.Equal(offered, panel.FindAll("[data-testid=two-digits-offer]").Count == 1);
        if (offered)
        {
            Assert.Contains("Two digits run together?", panel.Find("[data-testid=two-digits-offer]").TextContent);
            panel.Find("[data-testid=read-as-two-digits]").Click();
            Assert.Equal(1, asked);
        }
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "A stroke apart from the digits")]
    [InlineData(2, "2 strokes apart from the digits")]
    public void Strokes_left_out_of_the_image_are_said_to_be(int strokesLeftOut, string? said)
    {
        var image = new float[784];
        image[400] = 1f;

        var panel = Render<WhatTheModelsSee>(p => p.Add(c => c.Pixels, image).Add(c => c.StrokesLeftOut, strokesLeftOut));

        var notes = panel.FindAll("[data-testid=strokes-left-out]");
        Assert.Equal(said is not null, notes.Count == 1);
        if (said is not null)
        {
            Assert.StartsWith(said, notes[0].TextContent.Trim());
            Assert.Equal($"{strokesLeftOut}", notes[0].GetAttribute("data-strokes"));
        }
    }
}
