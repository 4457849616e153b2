using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class StrokeWidthTests
{
    private static byte[] Bar(int width, int length)
    {
        var image = new byte[MnistGeometry.PixelCount];
        for (var y = 4; y < 4 + length; y++)
        {
            for (var x = 10; x < 10 + width; x++)
            {
                image[y * 28 + x] = 255;
            }
        }

        return image;
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(2, 20)]
    [InlineData(3, 18)]
    public void A_bar_measures_twice_its_area_over_its_perimeter(int width, int length)
    {
        // Area w * l, perimeter 2 (w + l): the estimate is w l / (w + l), close to w for a long bar.
        Assert.Equal((double)width * length / (width + length), StrokeWidth.Estimate(Bar(width, length)), 6);
    }

    [Fact]
    public void A_wider_pen_measures_wider_and_a_blank_image_zero()
    {
        Assert.True(StrokeWidth.Estimate(Bar(4, 20)) > StrokeWidth.Estimate(Bar(2, 20)));
        Assert.Equal(0, StrokeWidth.Estimate(new byte[784]));
    }

    [Fact]
    public void The_median_is_taken_over_the_set()
    {
        var images = new LabeledImages([.. Bar(1, 20), .. Bar(3, 20), .. Bar(5, 20)], null);

        Assert.Equal(StrokeWidth.Estimate(Bar(3, 20)), StrokeWidth.Median(images));
    }
}
