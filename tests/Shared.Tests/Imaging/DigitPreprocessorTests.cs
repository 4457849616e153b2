using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class DigitPreprocessorTests
{
    private const int Canvas = 280;

    private static Stroke Line(float width, params (float X, float Y)[] points) =>
        new(points.Select(p => new StrokePoint(p.X, p.Y)).ToArray(), width);

    private static PreprocessedDigit Fitted(GrayImage image)
    {
        var digit = DigitPreprocessor.Preprocess(image);
        Assert.False(digit.IsBlank, digit.BlankReason);
        Assert.Null(digit.BlankReason);
        Assert.Equal(MnistGeometry.PixelCount, digit.Pixels.Length);
        Assert.All(digit.Pixels, value => Assert.InRange(value, 0f, 1f));
        return digit;
    }

    /// <summary>
    /// MNIST's convention: the centre of mass within half a pixel of index 14 on both axes (whole-pixel
    /// translation). A symmetric shape has its mass exactly half-way between pixels, so it lands on
    /// 13.5 or 14.5; the 1e-4 allows for float rounding there.
    /// </summary>
    private static void AssertCentredByMass(PreprocessedDigit digit)
    {
        var (x, y) = ImageMeasure.CentreOfMass(digit.Pixels, MnistGeometry.Side);
        Assert.InRange(x, 13.5 - 1e-4, 14.5 + 1e-4);
        Assert.InRange(y, 13.5 - 1e-4, 14.5 + 1e-4);
        Assert.Equal(x, digit.CenterOfMassX, 1e-4);
        Assert.Equal(y, digit.CenterOfMassY, 1e-4);
    }

    [Fact]
    public void An_off_centre_seven_is_fitted_to_20_px_and_centred_by_mass_not_by_box()
    {
        // A "7" drawn small in the top-left corner of the canvas: heavy top bar, thin diagonal.
        var drawing = new StrokeDrawing(Canvas, Canvas, [Line(14f, (20, 25), (120, 25), (55, 150))]);

        var digit = Fitted(StrokeRasterizer.Rasterize(drawing));

        AssertCentredByMass(digit);
        var bounds = ImageMeasure.Bounds(digit.Pixels, MnistGeometry.Side)!.Value;
        Assert.Equal(20, bounds.LongerSide);
        Assert.Equal(bounds, digit.FittedBounds);
        Assert.True(digit.SourceBounds.Right < Canvas / 2 && digit.SourceBounds.Bottom < Canvas * 0.6);
        // The bar makes the top heavier than the bottom, so centring the mass moves the box down
        // from the geometric centre.
        Assert.True(digit.MassShiftY >= 1f, $"vertical mass shift {digit.MassShiftY}");
    }

    [Fact]
    public void An_oversized_rectangle_becomes_exactly_20_by_10_full_pixels()
    {
        // 200x100 px of full ink, touching the bottom of the canvas: scale 0.1 exactly.
        var image = ImageMeasure.FilledRectangles(Canvas, Canvas, new PixelBox(60, 180, 200, 100));

        var digit = Fitted(image);

        Assert.Equal(new PixelBox(60, 180, 200, 100), digit.SourceBounds);
        Assert.Equal(0.1f, digit.Scale, 1e-6f);
        // Centre of mass of the 20x10 block is (9.5, 4.5); placing it at index 14 means offsets 4.5
        // and 9.5, rounded half away from zero.
        Assert.Equal(new PixelBox(5, 10, 20, 10), digit.FittedBounds);
        Assert.Equal(digit.FittedBounds, ImageMeasure.Bounds(digit.Pixels, MnistGeometry.Side));
        for (var y = 10; y < 20; y++)
        {
            for (var x = 5; x < 25; x++)
            {
                Assert.Equal(1f, digit.Pixels[y * 28 + x], 1e-6f);
            }
        }

        Assert.Equal(200.0, ImageMeasure.Sum(digit.Pixels), 1e-3);
        AssertCentredByMass(digit);
    }

    [Fact]
    public void A_frame_filling_zero_is_shrunk_so_its_longer_side_is_20()
    {
        // A 26x28 ring ("0") filling a 28x28 input entirely in height.
        var image = ImageMeasure.FilledRectangles(28, 28,
            new PixelBox(1, 0, 26, 4), new PixelBox(1, 24, 26, 4), new PixelBox(1, 0, 4, 28), new PixelBox(23, 0, 4, 28));

        var digit = Fitted(image);

        var bounds = ImageMeasure.Bounds(digit.Pixels, MnistGeometry.Side)!.Value;
        Assert.Equal(20, bounds.Height);
        Assert.Equal(19, bounds.Width); // 26 * 20 / 28 = 18.57, centred within 19 pixels
        Assert.Equal(ImageMeasure.Sum(image.Ink) * (20.0 / 28) * (20.0 / 28), ImageMeasure.Sum(digit.Pixels), 1e-3);
        AssertCentredByMass(digit);
    }

    [Fact]
    public void A_thin_vertical_one_becomes_20_tall_and_at_most_2_wide()
    {
        var drawing = new StrokeDrawing(Canvas, Canvas, [Line(12f, (140, 30), (140, 250))]);

        var digit = Fitted(StrokeRasterizer.Rasterize(drawing));

        var bounds = ImageMeasure.Bounds(digit.Pixels, MnistGeometry.Side)!.Value;
        Assert.Equal(20, bounds.Height);
        Assert.InRange(bounds.Width, 1, 2);
        Assert.True(digit.Pixels.Max() > 0.3f, "a thin stroke must stay visible, not be averaged away");
        AssertCentredByMass(digit);
    }

    [Fact]
    public void A_tiny_drawing_is_enlarged_by_exact_pixel_replication_when_the_factor_is_whole()
    {
        // A 5x5 plus sign in a 28x28 input: scale 4, each source pixel becomes a 4x4 block.
        var ink = new float[28 * 28];
        for (var i = 0; i < 5; i++)
        {
            ink[(10 + 2) * 28 + 3 + i] = 1f;
            ink[(10 + i) * 28 + 3 + 2] = 0.6f;
        }

        var image = new GrayImage(28, 28, ink);
        var digit = Fitted(image);

        Assert.Equal(new PixelBox(3, 10, 5, 5), digit.SourceBounds);
        Assert.Equal(4f, digit.Scale);
        var placed = digit.FittedBounds;
        Assert.Equal((20, 20), (placed.Width, placed.Height));
        for (var y = 0; y < 20; y++)
        {
            for (var x = 0; x < 20; x++)
            {
                var expected = ink[(10 + y / 4) * 28 + 3 + x / 4];
                Assert.Equal(expected, digit.Pixels[(placed.Y + y) * 28 + placed.X + x], 1e-6f);
            }
        }

        AssertCentredByMass(digit);
    }

    [Fact]
    public void Shrinking_by_two_gives_exact_block_averages()
    {
        // A 40x40 checker of 6x6 squares with values v(sx, sy) = ((sx + 2 sy) % 5) / 4 inside a 200x200
        // image: scale 0.5, so each output pixel is the average of one 2x2 block. (Squares rather than
        // single blocks: strokes as thin as single blocks would be widened first, StrokeThickening.)
        var ink = new float[200 * 200];
        for (var y = 0; y < 40; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var value = ((x / 6 + 2 * (y / 6)) % 5) / 4f;
                // Alternate the value within a block so only an exact average reproduces it (staying on its
                // side of half ink, so the squares stay solid strokes).
                var jitter = (x + y) % 2 == 0 ? 0.2f : -0.2f;
                ink[(50 + y) * 200 + 70 + x] = value is 0.25f or 0.75f ? value + jitter : value;
            }
        }

        // Corners of full ink so the crop is exactly the 40x40 block.
        foreach (var (x, y) in new[] { (70, 50), (109, 50), (70, 89), (109, 89) })
        {
            ink[y * 200 + x] = 1f;
        }

        var digit = Fitted(new GrayImage(200, 200, ink));

        Assert.Equal(new PixelBox(70, 50, 40, 40), digit.SourceBounds);
        var placed = digit.FittedBounds;
        for (var by = 0; by < 20; by++)
        {
            for (var bx = 0; bx < 20; bx++)
            {
                var sum = 0f;
                foreach (var (dx, dy) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
                {
                    sum += ink[(50 + 2 * by + dy) * 200 + 70 + 2 * bx + dx];
                }

                Assert.Equal(sum / 4f, digit.Pixels[(placed.Y + by) * 28 + placed.X + bx], 1e-6f);
            }
        }
    }

    [Fact]
    public void Ink_colour_and_background_do_not_change_what_the_models_see()
    {
        var drawing = new StrokeDrawing(Canvas, Canvas,
        [
            Line(18f, (90, 60), (190, 60), (120, 240)),
            Line(18f, (110, 150), (180, 150)),
        ]);
        var levels = StrokeRasterizer.Rasterize(drawing).Ink.Select(v => (byte)MathF.Round(v * 255f)).ToArray();
        byte[] Rgba(Func<byte, byte[]> pixel) => levels.SelectMany(pixel).ToArray();

        var whiteOnBlack = DigitPreprocessor.Preprocess(InkImage.FromRgba(Rgba(k => [k, k, k, 255]), Canvas, Canvas));
        var blackOnWhite = DigitPreprocessor.Preprocess(InkImage.FromRgba(
            Rgba(k => [(byte)(255 - k), (byte)(255 - k), (byte)(255 - k), 255]), Canvas, Canvas));
        var onTransparent = DigitPreprocessor.Preprocess(InkImage.FromRgba(Rgba(k => [20, 20, 200, k]), Canvas, Canvas));
        var greyDarkOnLight = DigitPreprocessor.Preprocess(InkImage.FromGray(levels.Select(k => (byte)(255 - k)).ToArray(), Canvas, Canvas));

        Assert.False(whiteOnBlack.IsBlank);
        Assert.Equal(whiteOnBlack.Pixels, blackOnWhite.Pixels);
        Assert.Equal(whiteOnBlack.Pixels, onTransparent.Pixels);
        Assert.Equal(whiteOnBlack.Pixels, greyDarkOnLight.Pixels);
        Assert.Equal(whiteOnBlack.SourceBounds, onTransparent.SourceBounds);
    }

    [Fact]
    public void Strokes_preprocess_like_the_image_of_their_path_redrawn_at_the_normalized_size_and_pen()
    {
        var drawing = new StrokeDrawing(Canvas, Canvas, [Line(16f, (140, 40), (100, 240)), Line(16f, (60, 120), (200, 130))]);

        var fromStrokes = DigitPreprocessor.Preprocess(drawing);
        var normalized = DigitPreprocessor.Normalize(drawing)!;
        var fromImage = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(normalized));

        Assert.False(fromStrokes.IsBlank);
        Assert.Equal(fromImage.Pixels, fromStrokes.Pixels);
        AssertCentredByMass(fromStrokes);
        Assert.All(normalized.Strokes, s => Assert.Equal(DigitPreprocessor.NormalizedPenWidth, s.Width));
        var points = normalized.Strokes.SelectMany(s => s.Points).ToArray();
        Assert.Equal(DigitPreprocessor.NormalizedPathSide, points.Max(p => p.Y) - points.Min(p => p.Y), 1e-3f);
    }

    [Fact]
    public void Neither_the_pen_width_nor_the_digits_size_nor_the_canvas_changes_what_the_models_see()
    {
        (float X, float Y)[] seven = [(60, 50), (200, 50), (110, 240)];
        var reference = DigitPreprocessor.Preprocess(new StrokeDrawing(Canvas, Canvas, [Line(20f, seven)]));

        var thinPen = DigitPreprocessor.Preprocess(new StrokeDrawing(Canvas, Canvas, [Line(8f, seven)]));
        var thickPen = DigitPreprocessor.Preprocess(new StrokeDrawing(Canvas, Canvas, [Line(40f, seven)]));
        var smallOnBigCanvas = DigitPreprocessor.Preprocess(new StrokeDrawing(1000, 700,
            [Line(20f, seven.Select(p => (500 + p.X / 4, 300 + p.Y / 4)).ToArray())]));

        Assert.Equal(reference.Pixels, thinPen.Pixels);
        Assert.Equal(reference.Pixels, thickPen.Pixels);
        Assert.All(reference.Pixels.Zip(smallOnBigCanvas.Pixels), pair => Assert.Equal(pair.First, pair.Second, 1e-3f));
    }

    [Fact]
    public void The_working_raster_stays_small_whatever_the_canvas_and_pen()
    {
        var huge = new StrokeDrawing(4096, 4096, [Line(1024f, (0, 0), (4096, 4096), (0, 4096))]);

        var normalized = DigitPreprocessor.Normalize(huge)!;

        Assert.InRange(normalized.Width, 1, 240);
        Assert.InRange(normalized.Height, 1, 240);
        Assert.False(DigitPreprocessor.Preprocess(huge).IsBlank);
    }

    [Fact]
    public void A_dot_is_blank_however_wide_the_pen()
    {
        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(Canvas, Canvas, [Line(40f, (100, 100), (101, 101))]));

        Assert.True(digit.IsBlank);
        Assert.StartsWith("nothing drawn: only a dot", digit.BlankReason);
    }

    [Fact]
    public void A_lopsided_digit_is_kept_whole_rather_than_clipped_to_centre_its_mass()
    {
        // A heavy 20x3 bar on top of a faint 1-px stem: the mass sits near the top of the 20x20
        // box, so centring it at index 14 would push the stem out of the frame.
        var ink = new float[28 * 28];
        for (var x = 4; x < 24; x++)
        {
            for (var y = 2; y < 5; y++)
            {
                ink[y * 28 + x] = 1f;
            }
        }

        for (var y = 5; y < 22; y++)
        {
            ink[y * 28 + 13] = 0.1f;
        }

        var image = new GrayImage(28, 28, ink);
        var digit = Fitted(image);

        Assert.Equal(1f, digit.Scale);
        Assert.Equal(ImageMeasure.Sum(image.Ink), ImageMeasure.Sum(digit.Pixels), 1e-4);
        Assert.Equal(new PixelBox(digit.FittedBounds.X, 8, 20, 20), digit.FittedBounds);
        Assert.True(digit.CenterOfMassY < 13.5f, "the mass cannot reach the centre without clipping");
    }

    [Fact]
    public void An_empty_canvas_is_blank_with_a_reason()
    {
        var digit = DigitPreprocessor.Preprocess(new GrayImage(Canvas, Canvas, new float[Canvas * Canvas]));

        Assert.True(digit.IsBlank);
        Assert.Equal("nothing drawn", digit.BlankReason);
        Assert.Equal(new float[784], digit.Pixels);
    }

    [Fact]
    public void An_empty_stroke_list_is_blank()
    {
        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(Canvas, Canvas, []));

        Assert.True(digit.IsBlank);
        Assert.Equal("nothing drawn", digit.BlankReason);
    }

    [Fact]
    public void Faint_noise_everywhere_is_blank()
    {
        var random = new Random(3);
        var noise = Enumerable.Range(0, Canvas * Canvas).Select(_ => (float)random.NextDouble() * DigitPreprocessor.NoiseLevel).ToArray();

        var digit = DigitPreprocessor.Preprocess(new GrayImage(Canvas, Canvas, noise));

        Assert.True(digit.IsBlank);
        Assert.Equal("nothing drawn", digit.BlankReason);
    }

    [Theory]
    [InlineData(Canvas, 150, 150, 2)] // a 2x2 speck on a canvas
    [InlineData(28, 10, 10, 1)] // a single pixel in a 28x28 image
    [InlineData(28, 10, 10, 2)]
    [InlineData(1000, 400, 400, 9)] // 9 px is under 1% of a 1000 px capture
    public void A_speck_is_blank(int side, int x, int y, int size)
    {
        var image = ImageMeasure.FilledRectangles(side, side, new PixelBox(x, y, size, size));

        var digit = DigitPreprocessor.Preprocess(image);

        Assert.True(digit.IsBlank);
        Assert.StartsWith("nothing drawn: only a speck", digit.BlankReason);
        Assert.Contains($"{size}x{size}", digit.BlankReason);
    }

    [Fact]
    public void A_tap_with_a_thin_pen_is_blank()
    {
        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(Canvas, Canvas, [Line(1.5f, (100, 100))]));

        Assert.True(digit.IsBlank);
        Assert.StartsWith("nothing drawn", digit.BlankReason);
    }

    [Fact]
    public void Two_faint_far_apart_marks_are_blank()
    {
        var ink = new float[Canvas * Canvas];
        ink[50 * Canvas + 50] = 0.5f;
        ink[200 * Canvas + 180] = 0.5f;

        var digit = DigitPreprocessor.Preprocess(new GrayImage(Canvas, Canvas, ink));

        Assert.True(digit.IsBlank);
        Assert.StartsWith("nothing drawn: only faint marks", digit.BlankReason);
    }

    [Fact]
    public void The_smallest_accepted_mark_is_three_pixels_across()
    {
        var digit = DigitPreprocessor.Preprocess(ImageMeasure.FilledRectangles(28, 28, new PixelBox(5, 5, 3, 3)));

        Assert.False(digit.IsBlank);
        Assert.Equal(new PixelBox(5, 5, 3, 3), digit.SourceBounds);
    }

    [Fact]
    public void Background_noise_below_the_noise_level_does_not_widen_the_crop()
    {
        var drawing = new StrokeDrawing(Canvas, Canvas, [Line(16f, (140, 40), (100, 240))]);
        var clean = StrokeRasterizer.Rasterize(drawing);
        var fromClean = DigitPreprocessor.Preprocess(clean);
        var crop = fromClean.SourceBounds;
        var random = new Random(5);
        var noisy = (float[])clean.Ink.Clone();
        for (var i = 0; i < noisy.Length; i++)
        {
            int x = i % Canvas, y = i / Canvas;
            if (x < crop.X || x >= crop.Right || y < crop.Y || y >= crop.Bottom)
            {
                noisy[i] = (float)random.NextDouble() * DigitPreprocessor.NoiseLevel;
            }
        }

        var fromNoisy = DigitPreprocessor.Preprocess(new GrayImage(Canvas, Canvas, noisy));

        Assert.Equal(crop, fromNoisy.SourceBounds);
        Assert.Equal(fromClean.Pixels, fromNoisy.Pixels);
    }

    [Fact]
    public void Any_arrangement_of_bars_dashes_and_dots_is_read_without_failing()
    {
        // Pieces of every shape in every place: digits, minus signs, points and what lies between them.
        var random = new Random(11);
        for (var trial = 0; trial < 3000; trial++)
        {
            var (width, height) = (random.Next(20, 90), random.Next(20, 90));
            var ink = new float[width * height];
            for (var piece = random.Next(1, 7); piece > 0; piece--)
            {
                var (pieceWidth, pieceHeight) = (random.Next(1, width / 2 + 1), random.Next(1, height / 2 + 1));
                var (left, top) = (random.Next(0, width - pieceWidth + 1), random.Next(0, height - pieceHeight + 1));
                var level = random.Next(2) == 0 ? 1f : (float)random.NextDouble();
                for (var y = top; y < top + pieceHeight; y++)
                {
                    ink.AsSpan(y * width + left, pieceWidth).Fill(level);
                }
            }

            var digit = DigitPreprocessor.Preprocess(new GrayImage(width, height, ink));

            Assert.All(digit.Pixels, value => Assert.InRange(value, 0f, 1f));
            Assert.InRange(digit.Digits.Count, 0, SideBySideParts.MostDigitsRead);
            Assert.All(digit.Digits, part => Assert.False(part.IsBlank));
        }
    }

    [Fact]
    public void Any_arrangement_of_strokes_taps_and_dashes_is_read_without_failing()
    {
        var random = new Random(13);
        for (var trial = 0; trial < 1500; trial++)
        {
            var (width, height) = (random.Next(100, 600), random.Next(100, 400));
            var strokes = Enumerable.Range(0, random.Next(1, 8)).Select(_ =>
            {
                var (x, y) = (random.Next(width), random.Next(height));
                var points = Enumerable.Range(0, random.Next(1, 5))
                    .Select(_ => new StrokePoint(Math.Clamp(x += random.Next(-80, 81), 0, width), Math.Clamp(y += random.Next(-80, 81), 0, height)))
                    .ToArray();
                return new Stroke(points, random.Next(2, 30));
            }).ToArray();
            var drawing = new StrokeDrawing(width, height, strokes);

            var digit = DigitPreprocessor.Preprocess(drawing);

            Assert.All(digit.Pixels, value => Assert.InRange(value, 0f, 1f));
            Assert.InRange(digit.Digits.Count, 0, SideBySideParts.MostDigitsRead);
            Assert.All(digit.StrokesLeftOut, index => Assert.InRange(index, 0, strokes.Length - 1));
            Assert.All(digit.DigitStrokes, part => Assert.NotEmpty(part.Strokes));
        }
    }
}
