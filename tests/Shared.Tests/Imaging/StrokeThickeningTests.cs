using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class StrokeThickeningTests
{
    /// <summary>A "7" with a bar across on a 640x480 page, drawn with <paramref name="pen"/>.</summary>
    private static GrayImage Seven(float pen) => StrokeRasterizer.Rasterize(new StrokeDrawing(640, 480,
    [
        new Stroke([new StrokePoint(250, 120), new StrokePoint(400, 120), new StrokePoint(300, 380)], pen),
        new Stroke([new StrokePoint(290, 250), new StrokePoint(380, 250)], pen),
    ]));

    private static float FittedStrokeWidth(PreprocessedDigit digit) =>
        StrokeThickening.StrokeWidth(new GrayImage(MnistGeometry.Side, MnistGeometry.Side, digit.Pixels), digit.FittedBounds)!.Value;

    [Fact]
    public void A_fine_pen_on_a_large_page_comes_out_about_as_wide_as_mnist_strokes()
    {
        var fine = DigitPreprocessor.Preprocess(Seven(pen: 4));

        var width = FittedStrokeWidth(fine);

        Assert.InRange(width, 1.5f, 3f); // MNIST: 2.0 px (median), 1.5-2.8 for 8 digits in 10
        Assert.True(fine.Pixels.Max() > 0.95f);
    }

    [Fact]
    public void Strokes_as_wide_as_mnist_are_left_as_they_are()
    {
        var image = Seven(pen: 28);
        var bounds = new PixelBox(236, 106, 178, 288);
        Assert.True(StrokeThickening.StrokeWidth(image, bounds) > StrokeThickening.MinStrokeShare * bounds.LongerSide);

        Assert.Null(StrokeThickening.Widen(image, bounds));
    }

    [Fact]
    public void A_huge_crop_is_widened_on_a_reduced_copy_and_its_bounds_stay_in_source_pixels()
    {
        var page = StrokeRasterizer.Rasterize(new StrokeDrawing(3000, 3000,
        [
            new Stroke([new StrokePoint(1000, 300), new StrokePoint(2000, 300), new StrokePoint(1300, 2700)], 12),
        ]));

        var digit = DigitPreprocessor.Preprocess(page);

        Assert.InRange(FittedStrokeWidth(digit), 1.5f, 3.5f);
        Assert.InRange(digit.SourceBounds.X, 850, 994); // the widened ink reaches past the stroke's edge at 994
        Assert.InRange(digit.SourceBounds.Bottom, 2706, 2850);
    }
}
