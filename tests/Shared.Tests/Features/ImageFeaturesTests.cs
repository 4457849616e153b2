using MnistBlazor.Shared.Features;

namespace MnistBlazor.Shared.Tests.Features;

public sealed class ImageFeaturesTests
{
    private static float[] Image(Action<float[]> paint)
    {
        var image = new float[784];
        paint(image);
        return image;
    }

    [Fact]
    public void Projections_are_column_means_then_row_means()
    {
        // Column 3 fully inked (28 pixels of 1), and row 10 inked at half intensity.
        var image = Image(p =>
        {
            for (var y = 0; y < 28; y++)
            {
                p[y * 28 + 3] = 1f;
            }

            for (var x = 0; x < 28; x++)
            {
                p[10 * 28 + x] = Math.Max(p[10 * 28 + x], 0.5f);
            }
        });

        var projections = ImageFeatures.Projections(image);

        Assert.Equal(56, projections.Length);
        // x projection: column 3 is 1 everywhere; other columns hold only row 10's 0.5.
        Assert.Equal(1f, projections[3], 6);
        Assert.Equal(0.5f / 28, projections[0], 6);
        // y projection: row 10 has 27 * 0.5 + 1; other rows hold only column 3's 1.
        Assert.Equal((27 * 0.5f + 1f) / 28, projections[28 + 10], 6);
        Assert.Equal(1f / 28, projections[28 + 0], 6);
        Assert.All(projections, value => Assert.InRange(value, 0f, 1f));
    }

    [Fact]
    public void Quadrants_stack_the_four_quarters_in_reading_order()
    {
        var image = Image(p =>
        {
            for (var y = 0; y < 28; y++)
            {
                for (var x = 0; x < 28; x++)
                {
                    p[y * 28 + x] = (y * 28 + x) / 783f;
                }
            }
        });

        var quadrants = ImageFeatures.Quadrants(image);

        Assert.Equal(4 * 14 * 14, quadrants.Length);
        float At(int quadrant, int y, int x) => quadrants[quadrant * 196 + y * 14 + x];
        Assert.Equal(image[0], At(0, 0, 0));
        Assert.Equal(image[14], At(1, 0, 0));
        Assert.Equal(image[14 * 28], At(2, 0, 0));
        Assert.Equal(image[14 * 28 + 14], At(3, 0, 0));
        Assert.Equal(image[27 * 28 + 27], At(3, 13, 13));
        Assert.Equal(image[5 * 28 + 20], At(1, 5, 6));
        Assert.Equal(image[20 * 28 + 5], At(2, 6, 5));
        Assert.Equal(image.Order(), quadrants.Order());
    }

    [Fact]
    public void Wrong_image_size_is_refused_with_the_size_found()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageFeatures.Projections(new float[100]));

        Assert.Contains("784", error.Message);
        Assert.Contains("got 100", error.Message);
    }
}
