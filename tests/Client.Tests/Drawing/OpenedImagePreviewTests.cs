using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Drawing;

public sealed class OpenedImagePreviewTests
{
    [Theory]
    [InlineData(4032, 3024, 100)]
    [InlineData(3024, 4032, 75)]
    [InlineData(500, 500, 100)]
    public void The_longer_side_of_the_picture_spans_the_pad(int width, int height, double widthPercent)
    {
        var preview = new OpenedImagePreview("blob:x", "photo.jpg", width, height, []);

        Assert.Equal(widthPercent, preview.WidthPercent, precision: 6);
        Assert.Equal($"{width} / {height}", preview.AspectRatio);
    }

    [Fact]
    public void A_box_of_the_images_pixels_is_placed_in_percentages_of_the_picture()
    {
        var preview = new OpenedImagePreview("blob:x", "photo.jpg", 400, 300, []);

        Assert.Equal("left: 25%; top: 10%; width: 12.5%; height: 33.33%", preview.StyleOf(new PixelBox(100, 30, 50, 100)));
    }

    [Fact]
    public void A_digit_has_one_box_a_numbers_digits_one_each_left_to_right_and_a_blank_image_none()
    {
        var seven = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(DrawingPadGeometry.TypicalSeven));
        var number = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(new StrokeDrawing(280, 280,
        [
            new Stroke([new StrokePoint(60, 40), new StrokePoint(60, 240)], 20),
            new Stroke([new StrokePoint(160, 40), new StrokePoint(250, 40), new StrokePoint(190, 240)], 20),
        ])));
        var blank = DigitPreprocessor.Preprocess(new GrayImage(40, 40, new float[40 * 40]));

        Assert.Equal([seven.SourceBounds], OpenedImagePreview.Of("blob:x", "seven.png", 280, 280, seven).InkRead);
        var boxes = OpenedImagePreview.Of("blob:x", "eleven.png", 280, 280, number).InkRead;
        Assert.Equal(number.Digits.Select(digit => digit.SourceBounds), boxes);
        Assert.Equal(2, boxes.Count);
        Assert.True(boxes[0].Right <= boxes[1].X);
        Assert.Empty(OpenedImagePreview.Of("blob:x", "white.png", 40, 40, blank).InkRead);
        Assert.Empty(OpenedImagePreview.Of("blob:x", "broken.png", 40, 40, null).InkRead);
    }

    [Fact]
    public void The_box_for_choosing_a_part_starts_around_all_the_ink_read_with_a_quarter_of_its_longer_side_to_spare()
    {
        var preview = new OpenedImagePreview("blob:x", "page.png", 1000, 500, [new PixelBox(400, 200, 40, 100), new PixelBox(520, 200, 40, 100)]);

        var part = preview.StartingPart;

        // Ink from 400 to 560 across and 200 to 300 down, 160 px its longer side: 40 px spared on each side.
        AssertPart(new ImagePart(0.36, 0.32, 0.24, 0.36), part);
        Assert.True(part.IsUsable);
    }

    [Fact]
    public void The_starting_box_stays_within_the_picture_is_a_tenth_of_a_side_at_least_and_is_the_middle_half_without_ink()
    {
        var atTheCorner = new OpenedImagePreview("blob:x", "page.png", 400, 300, [new PixelBox(0, 250, 100, 50)]).StartingPart;
        var speck = new OpenedImagePreview("blob:x", "page.png", 1000, 1000, [new PixelBox(995, 500, 2, 2)]).StartingPart;
        var blank = new OpenedImagePreview("blob:x", "page.png", 400, 300, []).StartingPart;

        AssertPart(new ImagePart(0, 0.75, 0.3125, 0.25), atTheCorner);
        AssertPart(new ImagePart(0.9, 0.451, 0.1, 0.1), speck); // pushed back in from the right edge
        Assert.Equal(new ImagePart(0.25, 0.25, 0.5, 0.5), blank);
        Assert.All([atTheCorner, speck, blank], part => Assert.True(part.IsUsable));
    }

    private static void AssertPart(ImagePart expected, ImagePart actual)
    {
        Assert.Equal(expected.X, actual.X, precision: 9);
        Assert.Equal(expected.Y, actual.Y, precision: 9);
        Assert.Equal(expected.Width, actual.Width, precision: 9);
        Assert.Equal(expected.Height, actual.Height, precision: 9);
    }
}
