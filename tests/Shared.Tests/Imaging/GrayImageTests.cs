using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class GrayImageTests
{
    [Fact]
    public void Holds_size_and_ink_row_major()
    {
        var image = new GrayImage(3, 2, [0f, 0.25f, 0.5f, 0.75f, 1f, 0f]);

        Assert.Equal(3, image.Width);
        Assert.Equal(2, image.Height);
        Assert.Equal(0.75f, image[0, 1]);
        Assert.Equal(0.5f, image[2, 0]);
    }

    [Fact]
    public void Rejects_wrong_value_count()
    {
        var error = Assert.Throws<ArgumentException>(() => new GrayImage(3, 2, new float[5]));
        Assert.Contains("3x2", error.Message);
        Assert.Contains("6", error.Message);
        Assert.Contains("5 were given", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1.5f)]
    [InlineData(-0.01f)]
    [InlineData(float.PositiveInfinity)]
    public void Rejects_ink_outside_zero_to_one_naming_the_pixel(float bad)
    {
        var ink = new float[12];
        ink[7] = bad;

        var error = Assert.Throws<ArgumentException>(() => new GrayImage(4, 3, ink));

        Assert.Contains("(x 3, y 1)", error.Message);
        Assert.Contains("outside 0..1", error.Message);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, -1)]
    [InlineData(GrayImage.MaxSide + 1, 1)]
    public void Rejects_unsupported_sizes(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() => GrayImage.FromInkBytes([], width, height));
        Assert.Contains($"{width}x{height}", error.Message);
    }

    [Fact]
    public void Ink_bytes_map_255_to_full_ink_without_polarity_guessing()
    {
        // A mostly inked image would fool polarity detection; FromInkBytes must not try.
        var image = GrayImage.FromInkBytes([255, 255, 255, 0, 51, 255], 3, 2);

        Assert.Equal([1f, 1f, 1f, 0f, 0.2f, 1f], image.Ink);
    }
}
