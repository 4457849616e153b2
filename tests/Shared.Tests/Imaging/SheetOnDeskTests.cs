using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class SheetOnDeskTests
{
    private const int Width = TestPage.Width;
    private const int Height = TestPage.Height;
    private static readonly StrokeDrawing Seven = TestPage.Seven;

    /// <summary>
    /// Grey ink at 60 on paper at 215 with noise; outside the sheet (x <paramref name="sheetLeft"/> to
    /// <paramref name="sheetRight"/>, y 40-440) when <paramref name="onDesk"/>, a desk at 90 with a wood grain of 12
    /// levels; <paramref name="ruled"/>, the sheet has a 2 px line 40 levels darker every 30 rows, rising
    /// <paramref name="lineSlope"/> rows a column (a turned page). Luminance.
    /// </summary>
    private static float[] Photo(StrokeDrawing drawing, bool onDesk, int seed = 1, int sheetLeft = 60, int sheetRight = 580, bool ruled = false, double lineSlope = 0)
    {
        var random = new Random(seed);
        var ink = StrokeRasterizer.Rasterize(drawing).Ink;
        var luminance = new float[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var desk = onDesk && (x < sheetLeft || x >= sheetRight || y < 40 || y >= 440);
                var paper = desk ? 90 + 12 * Math.Sin(x * 0.05 + y * 0.012) : ruled && ((y + x * lineSlope) % 30 + 30) % 30 < 2 ? 175 : 215;
                var coverage = desk ? 0 : ink[y * Width + x];
                luminance[y * Width + x] = (float)Math.Clamp(Math.Round(paper * (1 - coverage) + 60 * coverage + (random.NextDouble() - 0.5) * 8), 0, 255);
            }
        }

        return luminance;
    }

    private static GrayImage Ink(float[] luminance) =>
        InkImage.FromGray(luminance.Select(value => (byte)value).ToArray(), Width, Height);

    [Fact]
    public void A_sheet_on_a_darker_desk_gives_the_digit_the_same_page_without_the_desk_gives()
    {
        var withoutDesk = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: false)));

        var onDesk = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true)));

        Assert.False(onDesk.IsBlank);
        Assert.Equal(withoutDesk.SourceBounds, onDesk.SourceBounds);
        var difference = withoutDesk.Pixels.Zip(onDesk.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(difference < 0.01, $"the 28x28 images differ by {difference:0.000} per pixel on average");
    }

    [Fact]
    public void Ruled_lines_go_from_a_sheet_on_a_desk_that_fills_less_than_three_quarters_of_each_row()
    {
        // The desk fills 45 % of each row: what is paper along a row is measured on the sheet alone.
        var unruled = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true, sheetLeft: 200, sheetRight: 550)));

        var ruled = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true, sheetLeft: 200, sheetRight: 550, ruled: true)));

        Assert.Equal(unruled.SourceBounds, ruled.SourceBounds);
        var difference = unruled.Pixels.Zip(ruled.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(difference < 0.01, $"the 28x28 images differ by {difference:0.000} per pixel on average");
    }

    [Theory]
    [InlineData(0.03)]
    [InlineData(-0.06)]
    public void Ruled_lines_of_a_turned_page_crossing_the_digit_are_not_part_of_it(double lineSlope)
    {
        var unruled = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true, sheetLeft: 200, sheetRight: 550)));

        var ruled = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true, sheetLeft: 200, sheetRight: 550, ruled: true, lineSlope: lineSlope)));

        // What is left of a line is its faint stub beside a stroke, within the thickest line's reach of it.
        var (a, b) = (unruled.SourceBounds, ruled.SourceBounds);
        Assert.All([a.X - b.X, a.Y - b.Y, b.Right - a.Right, b.Bottom - a.Bottom], grown => Assert.InRange(grown, 0, PaperCleanup.MaxLineThickness));
        var difference = unruled.Pixels.Zip(ruled.Pixels, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(difference < 0.03, $"the 28x28 images differ by {difference:0.000} per pixel on average");
    }

    [Fact]
    public void A_digit_whose_stroke_runs_to_the_sheets_edge_is_kept_but_for_the_edge()
    {
        // The 7's bar starts at x 242; the sheet's left edge is at 256, so the bar runs off it onto the desk.
        var whole = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true, sheetLeft: 200)));

        var toTheEdge = DigitPreprocessor.Preprocess(Ink(Photo(Seven, onDesk: true, sheetLeft: 256)));

        Assert.False(toTheEdge.IsBlank, toTheEdge.BlankReason);
        var (a, b) = (whole.SourceBounds, toTheEdge.SourceBounds);
        Assert.Equal((a.Y, a.Right, a.Bottom), (b.Y, b.Right, b.Bottom));
        Assert.InRange(b.X, 256, 256 + 16); // the edge and a margin along it are left out
    }

    [Fact]
    public void A_stroke_crossing_the_sheet_from_edge_to_edge_leaves_the_sheet_whole_and_the_digit_on_it()
    {
        // A 1 from the desk above the sheet to the desk below it (the sheet spans rows 40 to 440): it cuts the sheet in two.
        var one = new StrokeDrawing(Width, Height, [new Stroke([new StrokePoint(320, 10), new StrokePoint(320, 470)], 16)]);

        var digit = DigitPreprocessor.Preprocess(Ink(Photo(one, onDesk: true)));

        Assert.False(digit.IsBlank, digit.BlankReason);
        var bounds = digit.SourceBounds;
        Assert.InRange(bounds.X, 310, 314);
        Assert.InRange(bounds.Right, 326, 330);
        Assert.InRange(bounds.Y, 40, 40 + 16); // the sheet's edge and a margin along it are left out
        Assert.InRange(bounds.Bottom, 440 - 16, 440);
    }

    [Fact]
    public void The_sheet_is_found_with_what_it_encloses_less_a_margin_along_its_edge()
    {
        var sheet = SheetOnDesk.Find(Photo(Seven, onDesk: true), Width, Height);

        Assert.NotNull(sheet);
        Assert.True(sheet[250 * Width + 320], "the sheet's middle");
        Assert.True(sheet[120 * Width + 300], "a stroke of the digit, enclosed by the sheet");
        Assert.False(sheet[20 * Width + 320], "the desk above the sheet");
        Assert.False(sheet[41 * Width + 320], "the sheet's outermost rows: its edge is blurred in a photo");
        Assert.True(sheet[60 * Width + 320], "20 px inside the sheet");
    }

    [Fact]
    public void A_page_without_a_desk_is_no_sheet_on_a_desk()
    {
        Assert.Null(SheetOnDesk.Find(Photo(Seven, onDesk: false), Width, Height));
    }

    [Fact]
    public void A_bold_digit_of_light_ink_on_black_is_light_ink_not_a_sheet()
    {
        // A white 0 drawn with a pen a seventh of the image's side: its ring and enclosed background fill half its box.
        var zero = new StrokeDrawing(280, 280, [new Stroke(
            Enumerable.Range(0, 41).Select(i => new StrokePoint(
                140 + 80 * MathF.Cos(i * MathF.PI / 20), 140 + 100 * MathF.Sin(i * MathF.PI / 20))).ToArray(), 40)]);
        var ring = StrokeRasterizer.Rasterize(zero).Ink;
        var luminance = ring.Select(coverage => (byte)Math.Round(255 * coverage)).ToArray();

        Assert.Null(SheetOnDesk.Find(luminance.Select(value => (float)value).ToArray(), 280, 280));
        var ink = InkImage.FromGray(luminance, 280, 280);
        Assert.Equal(1f, ink.Ink[140 * 280 + 40], 0.01f); // on the ring's left side
        Assert.Equal(0f, ink.Ink[140 * 280 + 140]); // the enclosed background
    }

    [Fact]
    public void Images_smaller_than_a_page_are_not_looked_at()
    {
        var small = Enumerable.Range(0, 100 * 100).Select(i => i % 100 is > 10 and < 90 ? 220f : 40f).ToArray();

        Assert.Null(SheetOnDesk.Find(small, 100, 100));
    }
}
