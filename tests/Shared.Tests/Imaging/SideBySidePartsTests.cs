using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class SideBySidePartsTests
{
    private const float Pen = DrawingPadGeometry.DefaultPenWidth;

    /// <summary>"10" on a wide pad: a stroke down, then a loop starting <paramref name="gap"/> px (between the marks) to its right.</summary>
    private static StrokeDrawing Ten(float gap)
    {
        var one = new Stroke([new StrokePoint(60, 60), new StrokePoint(60, 220)], Pen);
        var left = 60 + Pen + gap;
        var zero = new Stroke(
            Enumerable.Range(0, 25).Select(i => i * Math.PI * 2 / 24)
                .Select(a => new StrokePoint(left + 50 + (float)(50 * -Math.Cos(a)), 140 + (float)(80 * Math.Sin(a)))).ToArray(),
            Pen);
        return new StrokeDrawing(420, 280, [one, zero]);
    }

    [Fact]
    public void Two_digits_drawn_with_a_gap_between_their_marks_are_two_parts_and_touching_ones_are_one()
    {
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: 30)));
        Assert.Equal(1, SideBySideParts.Count(Ten(gap: 0)));
        Assert.Equal(1, SideBySideParts.Count(Ten(gap: -15)));
    }

    [Fact]
    public void The_gap_counts_from_the_edges_of_the_pens_marks_not_from_the_paths()
    {
        // Paths 25 px apart, but with a 20 px pen only 5 px of paper between the marks: below 8 % of the height.
        Assert.Equal(1, SideBySideParts.Count(Ten(gap: 5)));
        Assert.Equal(2, SideBySideParts.Count(Ten(gap: 20)));
    }

    [Fact]
    public void A_dot_or_a_short_dash_beside_a_digit_is_not_a_part()
    {
        var seven = DrawingPadGeometry.TypicalSeven;
        var dot = new Stroke([new StrokePoint(260, 230)], 8);
        var dash = new Stroke([new StrokePoint(240, 140), new StrokePoint(270, 140)], 8);

        Assert.Equal(1, SideBySideParts.Count(seven));
        Assert.Equal(1, SideBySideParts.Count(seven with { Strokes = [.. seven.Strokes, dot] }));
        Assert.Equal(1, SideBySideParts.Count(seven with { Strokes = [.. seven.Strokes, dash] }));
        Assert.Equal(0, SideBySideParts.Count(new StrokeDrawing(280, 280, [])));
    }

    [Fact]
    public void In_an_image_the_columns_between_two_bars_make_two_parts_and_ink_below_the_noise_level_does_not_join_them()
    {
        const int width = 60, height = 40;
        var ink = new float[width * height];
        for (var y = 5; y < 35; y++)
        {
            for (var x = 10; x < 16; x++)
            {
                ink[y * width + x] = 1f;
                ink[y * width + x + 30] = 0.8f;
            }
        }

        for (var x = 16; x < 40; x++)
        {
            ink[20 * width + x] = 0.04f; // a faint line between them, below the noise level
        }

        var bounds = new PixelBox(10, 5, 36, 30);

        Assert.Equal(2, SideBySideParts.Count(ink, width, bounds, noiseLevel: 0.05f));
        Assert.Equal(1, SideBySideParts.Count(ink, width, bounds, noiseLevel: 0.01f));
        Assert.Equal(0, SideBySideParts.Count(new float[width * height], width, bounds, noiseLevel: 0.05f));
    }

    [Fact]
    public void Preprocessing_a_drawing_counts_its_parts_as_drawn_and_a_blank_drawing_has_none()
    {
        // 16 px between the marks as drawn; redrawn with the normalized pen, thicker for the whole row, the gap narrows below 8 %.
        var normalized = StrokeRasterizer.Rasterize(DigitPreprocessor.Normalize(Ten(gap: 16))!);
        var inkBox = new PixelBox(0, 0, normalized.Width, normalized.Height);
        Assert.Equal(1, SideBySideParts.Count(normalized.Ink, normalized.Width, inkBox, DigitPreprocessor.NoiseLevel));

        var ten = DigitPreprocessor.Preprocess(Ten(gap: 16));
        var seven = DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven);

        Assert.Equal(2, ten.SideBySideParts);
        Assert.True(ten.LooksLikeSeveralDigits);
        Assert.Equal(1, seven.SideBySideParts);
        Assert.False(seven.LooksLikeSeveralDigits);
        Assert.Equal(0, DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [])).SideBySideParts);
    }
}
