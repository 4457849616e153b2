using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class RowsOfWritingTests
{
    private const float Pen = 14;

    /// <summary>A 4 in two strokes whose box is <paramref name="size"/> square at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    private static Stroke[] Four(float x, float y, float size) =>
    [
        new([new(x + 0.6f * size, y), new(x, y + 0.65f * size), new(x + 0.9f * size, y + 0.65f * size)], Pen),
        new([new(x + 0.65f * size, y + 0.3f * size), new(x + 0.65f * size, y + size)], Pen),
    ];

    private static Stroke[] Seven(float x, float y, float size) =>
        [new([new(x, y), new(x + 0.8f * size, y), new(x + 0.3f * size, y + size)], Pen)];

    private static Stroke[] One(float x, float y, float size) =>
        [new([new(x + 0.4f * size, y), new(x + 0.4f * size, y + size)], Pen)];

    /// <summary>A ring (a 0 or half an 8) of <paramref name="size"/> across at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    private static Stroke[] Ring(float x, float y, float size) =>
        [new(Enumerable.Range(0, 25).Select(i => new StrokePoint(
            x + size / 2 + size / 2 * MathF.Cos(i * MathF.Tau / 24), y + size / 2 + size / 2 * MathF.Sin(i * MathF.Tau / 24))).ToArray(), Pen)];

    private static StrokeDrawing Drawing(params Stroke[][] parts) => new(400, 400, parts.SelectMany(p => p).ToArray());

    /// <summary>"47" above "71", as on a page of sums.</summary>
    private static readonly StrokeDrawing TwoNumbersAboveEachOther = Drawing(Four(40, 20, 150), Seven(210, 20, 150), Seven(40, 220, 150), One(210, 220, 150));

    [Fact]
    public void Two_numbers_one_above_the_other_are_two_rows_and_are_not_read()
    {
        Assert.Equal(2, RowsOfWriting.Count(TwoNumbersAboveEachOther));

        var read = DigitPreprocessor.Preprocess(TwoNumbersAboveEachOther);

        Assert.True(read.IsBlank);
        Assert.Equal(RowsOfWriting.Reason(2), read.BlankReason);
        Assert.StartsWith("written in 2 rows: the models read one row at a time", read.BlankReason);
    }

    [Fact]
    public void Three_rows_are_counted_when_one_of_them_is_a_number()
    {
        var drawing = Drawing(Seven(40, 10, 100), One(40, 150, 100), Four(40, 290, 100), Seven(180, 290, 100));

        Assert.Equal(3, RowsOfWriting.Count(drawing));
    }

    [Fact]
    public void An_image_of_two_rows_is_two_rows_and_is_not_read()
    {
        var image = StrokeRasterizer.Rasterize(TwoNumbersAboveEachOther);

        var read = DigitPreprocessor.Preprocess(image);

        Assert.True(read.IsBlank);
        Assert.Equal(RowsOfWriting.Reason(2), read.BlankReason);
    }

    [Fact]
    public void A_number_in_one_row_is_one_row_and_is_read_as_before()
    {
        var drawing = Drawing(Four(40, 120, 150), Seven(210, 120, 150));

        Assert.Equal(1, RowsOfWriting.Count(drawing));
        Assert.Equal(2, DigitPreprocessor.Preprocess(drawing).Digits.Count);
        Assert.Equal(2, DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(drawing)).Digits.Count);
    }

    [Fact]
    public void A_digit_drawn_in_pieces_one_above_the_other_is_no_rows()
    {
        var eightOfTwoRings = Drawing(Ring(140, 40, 130), Ring(130, 200, 150));
        var fiveWithItsFlagApart = new StrokeDrawing(400, 400,
        [
            new([new(150, 60), new(280, 60)], Pen),
            new([new(150, 110), new(150, 190), new(250, 200), new(270, 280), new(220, 340), new(140, 330)], Pen),
        ]);

        Assert.Equal(1, RowsOfWriting.Count(eightOfTwoRings));
        Assert.Equal(1, RowsOfWriting.Count(fiveWithItsFlagApart));
        Assert.False(DigitPreprocessor.Preprocess(eightOfTwoRings).IsBlank);
        Assert.False(DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(eightOfTwoRings)).IsBlank);
        Assert.False(DigitPreprocessor.Preprocess(fiveWithItsFlagApart).IsBlank);
    }

    [Fact]
    public void Two_single_digits_one_above_the_other_are_read_as_before_since_they_may_be_one_digit()
    {
        var drawing = Drawing(Four(120, 20, 150), Seven(120, 220, 150));

        Assert.Equal(1, RowsOfWriting.Count(drawing));
    }

    [Fact]
    public void A_stray_mark_above_a_number_is_no_row()
    {
        var drawing = Drawing(Four(40, 160, 150), Seven(210, 160, 150), [new Stroke([new(200, 40), new(230, 45)], Pen)]);

        Assert.Equal(1, RowsOfWriting.Count(drawing));
    }

    [Fact]
    public void More_bands_than_a_page_has_rows_are_no_writing()
    {
        var grid = Drawing(Enumerable.Range(0, RowsOfWriting.MostRows + 1)
            .SelectMany(row => new[] { One(40, 5 + row * 30, 10), One(200, 5 + row * 30, 10) })
            .ToArray());
        var page = Drawing(Enumerable.Range(0, RowsOfWriting.MostRows)
            .SelectMany(row => new[] { One(40, 5 + row * 30, 10), One(200, 5 + row * 30, 10) })
            .ToArray());

        Assert.Equal(1, RowsOfWriting.Count(grid));
        Assert.Equal(RowsOfWriting.MostRows, RowsOfWriting.Count(page));
    }
}
