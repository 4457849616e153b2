using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class PaperCleanupTests
{
    private const int Width = TestPage.Width;
    private const int Height = TestPage.Height;
    private static readonly StrokeDrawing Seven = TestPage.Seven;

    /// <summary>
    /// The page as a phone photo shows it: paper at 215 darkening by up to <paramref name="falloff"/> towards the
    /// right, noise, ruled lines 28 darker every 56 rows, grey ink at 60; RGBA bytes. Where <paramref name="inShadow"/>
    /// says so, a hard-edged shadow takes 40 % of the light.
    /// </summary>
    private static byte[] Photo(StrokeDrawing drawing, int falloff = 45, double noise = 5, int seed = 1, Func<int, int, bool>? inShadow = null)
    {
        var random = new Random(seed);
        var ink = StrokeRasterizer.Rasterize(drawing).Ink;
        var rgba = new byte[Width * Height * 4];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var level = 215 - falloff * x / (double)Width + Gaussian(random) * noise - ((y + 20) % 56 < 2 ? 28 : 0);
                var coverage = ink[y * Width + x];
                var light = inShadow?.Invoke(x, y) == true ? 0.6 : 1;
                var value = (byte)Math.Clamp(Math.Round((level * (1 - coverage) + 60 * coverage) * light), 0, 255);
                var offset = (y * Width + x) * 4;
                rgba[offset] = rgba[offset + 1] = rgba[offset + 2] = value;
                rgba[offset + 3] = 255;
            }
        }

        return rgba;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void A_photo_of_paper_gives_the_digit_the_clean_drawing_gives()
    {
        var clean = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(Seven));

        var photo = DigitPreprocessor.Preprocess(InkImage.FromRgba(Photo(Seven), Width, Height));

        Assert.False(photo.IsBlank);
        var (cleanBox, photoBox) = (clean.SourceBounds, photo.SourceBounds);
        Assert.InRange(Math.Abs(photoBox.X - cleanBox.X), 0, 3);
        Assert.InRange(Math.Abs(photoBox.Y - cleanBox.Y), 0, 3);
        Assert.InRange(Math.Abs(photoBox.Width - cleanBox.Width), 0, 6);
        Assert.InRange(Math.Abs(photoBox.Height - cleanBox.Height), 0, 6);
        var difference = clean.Pixels.Zip(photo.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(difference < 0.03, $"the photo's 28x28 image differs from the clean one by {difference:0.000} per pixel on average");
        Assert.True(photo.Pixels.Max() > 0.95f, "the grey ink becomes full ink, as MNIST's strokes are");
    }

    [Fact]
    public void A_decimal_point_written_between_two_digits_is_kept_and_read_between_them()
    {
        // "1.7" with the point in the gap: its ink is about 3 % of the 7's, less than a speck must carry, but it is as
        // solid and round as the pen's point.
        var number = new StrokeDrawing(Width, Height,
        [
            new Stroke([new StrokePoint(200, 120), new StrokePoint(200, 380)], 16),
            new Stroke([new StrokePoint(233, 372)], 16),
            new Stroke([new StrokePoint(266, 120), new StrokePoint(416, 120), new StrokePoint(316, 380)], 16),
        ]);

        var read = DigitPreprocessor.Preprocess(InkImage.FromRgba(Photo(number), Width, Height));

        Assert.Equal(2, read.Digits.Count);
        Assert.Equal(new NumberMarks(false, 1), read.Marks);
    }

    [Fact]
    public void A_blank_photographed_page_stays_blank()
    {
        var page = Photo(new StrokeDrawing(Width, Height, []), seed: 2);

        var read = DigitPreprocessor.Preprocess(InkImage.FromRgba(page, Width, Height));

        Assert.True(read.IsBlank, "noise, light and ruled lines alone are not a digit");
    }

    [Fact]
    public void An_even_noise_free_page_is_left_exactly_as_it_was()
    {
        var ink = StrokeRasterizer.Rasterize(Seven).Ink;
        var cleaned = ink.ToArray();

        PaperCleanup.Apply(cleaned, Width, Height);

        Assert.Equal(ink, cleaned);
    }

    [Fact]
    public void Images_smaller_than_a_page_are_left_alone()
    {
        var ink = Enumerable.Range(0, 28 * 28).Select(i => (i % 28) / 100f).ToArray(); // a faint gradient
        var cleaned = ink.ToArray();

        PaperCleanup.Apply(cleaned, 28, 28);

        Assert.Equal(ink, cleaned);
    }

    [Fact]
    public void A_stroke_filling_its_grid_cell_or_most_of_a_row_is_not_taken_for_paper()
    {
        // A thick bar across most of a tight crop, and a broad upright: more ink than paper in several cells and rows.
        var bold = new StrokeDrawing(200, 200,
        [
            new Stroke([new StrokePoint(15, 30), new StrokePoint(185, 30)], 40),
            new Stroke([new StrokePoint(150, 30), new StrokePoint(120, 185)], 40),
        ]);
        var ink = StrokeRasterizer.Rasterize(bold).Ink;
        var cleaned = ink.ToArray();

        PaperCleanup.Apply(cleaned, 200, 200);

        var kept = cleaned.Zip(ink, (after, before) => before > 0.99f ? after : 1f).Min();
        Assert.True(kept > 0.6f, $"the strokes' cores kept at least {kept:0.00} of their ink");
    }

    [Fact]
    public void A_hard_edged_shadow_is_paper_and_the_strokes_in_it_keep_their_strength()
    {
        // The shadow's edge crosses the bar and the stem; everything right of it has 40 % less light.
        var lit = DigitPreprocessor.Preprocess(InkImage.FromRgba(Photo(Seven), Width, Height));

        var shadowed = DigitPreprocessor.Preprocess(InkImage.FromRgba(Photo(Seven, inShadow: (x, _) => x >= 340), Width, Height));

        Assert.Equal(lit.SourceBounds, shadowed.SourceBounds);
        var difference = lit.Pixels.Zip(shadowed.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(difference < 0.02, $"the shadowed page's 28x28 image differs from the lit one's by {difference:0.000} per pixel on average");
    }

    [Fact]
    public void A_blank_page_with_a_hard_edged_shadow_stays_blank()
    {
        var page = Photo(new StrokeDrawing(Width, Height, []), seed: 3, inShadow: (x, _) => x >= 400);

        var read = DigitPreprocessor.Preprocess(InkImage.FromRgba(page, Width, Height));

        Assert.True(read.IsBlank, "a shadow's edge is not a digit");
    }

    [Fact]
    public void A_shadows_narrow_wedge_along_the_border_is_paper_too()
    {
        // The shadow's edge runs from 40 px above the bottom on the left to the bottom right corner: a wedge far
        // narrower than the window that finds shadows, beside a digit.
        var lit = DigitPreprocessor.Preprocess(InkImage.FromRgba(Photo(Seven), Width, Height));

        var shadowed = DigitPreprocessor.Preprocess(InkImage.FromRgba(Photo(Seven, inShadow: (x, y) => y > 440 + x / 16), Width, Height));

        Assert.Equal(lit.SourceBounds, shadowed.SourceBounds);
    }

    [Theory]
    [InlineData(0.5f, 0f)]
    [InlineData(0.7f, 0.7f)]
    public void A_broad_dark_region_is_a_shadow_up_to_the_darkest_shadow_and_ink_beyond(float darkness, float expected)
    {
        // The right third of a page at one level, with a thin black stroke on the left so there is a digit to keep.
        const int side = 300;
        var ink = new float[side * side];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                ink[y * side + x] = x >= side * 2 / 3 ? darkness : x is >= 60 and < 66 && y is >= 50 and < 250 ? 1f : 0f;
            }
        }

        PaperCleanup.Apply(ink, side, side);

        Assert.InRange(ink[(side / 2) * side + side * 5 / 6], expected * 0.8f, Math.Max(0.01f, expected * 1.45f));
        Assert.Equal(1f, ink[(side / 2) * side + 62]);
    }

    /// <summary>
    /// A digit small in the photo (a stem and a separate bar, 4 px wide) and, far from it, a streak carrying a third of
    /// its ink: the faint remains of a sheet's edge on a desk go, a stroke as dark as the digit's stays.
    /// </summary>
    [Theory]
    [InlineData(0.25f, false)]
    [InlineData(0.38f, false)]
    [InlineData(0.42f, true)]
    [InlineData(0.8f, true)]
    public void A_separate_piece_stays_only_if_at_least_half_as_dark_as_the_digit(float streakInk, bool kept)
    {
        const int side = 300;
        var ink = new float[side * side];
        void Fill(int left, int top, int width, int height, float value)
        {
            for (var y = top; y < top + height; y++)
            {
                ink.AsSpan(y * side + left, width).Fill(value);
            }
        }

        Fill(150, 120, 4, 60, 0.8f); // the stem
        Fill(140, 100, 30, 3, 0.8f); // the bar, apart from it
        Fill(30, 50, 2, 90, streakInk); // the streak

        PaperCleanup.Apply(ink, side, side);

        Assert.True(ink[150 * side + 151] > 0.5f, "the stem was taken away");
        Assert.True(ink[101 * side + 155] > 0.5f, "the bar was taken away");
        Assert.Equal(kept, ink[100 * side + 30] > 0f);
    }

    /// <summary>
    /// A small digit's stem and, on the same page, a dark speck of a sixth of its ink: on the border of the photo (where
    /// a shadow's edge meets it) the speck goes, unless the digit is on the border too; inside the page it stays.
    /// </summary>
    [Theory]
    [InlineData(150, 0, false)]
    [InlineData(150, 296, false)]
    [InlineData(150, 20, true)]
    [InlineData(0, 296, true)]
    public void A_small_piece_on_the_border_goes_when_the_digit_is_not_on_it(int stemLeft, int speckLeft, bool kept)
    {
        const int side = 300;
        var ink = new float[side * side];
        void Fill(int left, int top, int width, int height, float value)
        {
            for (var y = top; y < top + height; y++)
            {
                ink.AsSpan(y * side + left, width).Fill(value);
            }
        }

        Fill(stemLeft, 120, 4, 60, 0.8f); // the stem
        Fill(speckLeft, 200, 4, 8, 0.8f); // the speck

        PaperCleanup.Apply(ink, side, side);

        Assert.True(ink[150 * side + stemLeft + 1] > 0.5f, "the stem was taken away");
        Assert.Equal(kept, ink[204 * side + speckLeft + 1] > 0f);
    }

    [Fact]
    public void Any_page_of_marks_shadows_and_noise_is_read_without_failing()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 150; trial++)
        {
            var (width, height) = (random.Next(128, 320), random.Next(128, 320));
            var rgba = new byte[width * height * 4];
            var (paper, shadowFrom) = (random.Next(150, 256), random.Next(width));
            var marks = Enumerable.Range(0, random.Next(0, 9)).Select(_ =>
            {
                var (w, h) = (random.Next(1, width / 3), random.Next(1, height / 3));
                return (X: random.Next(width - w), Y: random.Next(height - h), W: w, H: h, Level: random.Next(0, 140));
            }).ToArray();
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var level = x >= shadowFrom ? paper * 6 / 10 : paper;
                    foreach (var mark in marks.Where(m => x >= m.X && x < m.X + m.W && y >= m.Y && y < m.Y + m.H))
                    {
                        level = mark.Level;
                    }

                    var value = (byte)Math.Clamp(level + random.Next(-12, 13), 0, 255);
                    (rgba[(y * width + x) * 4], rgba[(y * width + x) * 4 + 1], rgba[(y * width + x) * 4 + 2], rgba[(y * width + x) * 4 + 3]) = (value, value, value, 255);
                }
            }

            var digit = DigitPreprocessor.Preprocess(InkImage.FromRgba(rgba, width, height));

            Assert.All(digit.Pixels, value => Assert.InRange(value, 0f, 1f));
            Assert.InRange(digit.Digits.Count, 0, SideBySideParts.MostDigitsRead);
        }
    }
}
