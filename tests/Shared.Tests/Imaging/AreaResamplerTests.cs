using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class AreaResamplerTests
{
    private static float[] Resample(float[] source, int sourceWidth, float scale, int width, int height)
    {
        var destination = new float[width * height];
        var region = new PixelBox(0, 0, sourceWidth, source.Length / sourceWidth);
        AreaResampler.Resample(source, sourceWidth, region, scale, destination, width, height);
        return destination;
    }

    [Fact]
    public void Halving_averages_each_2x2_block_exactly()
    {
        float[] source =
        [
            0.0f, 1.0f, 0.5f, 0.5f,
            1.0f, 1.0f, 0.0f, 0.25f,
            0.2f, 0.2f, 1.0f, 0.0f,
            0.2f, 0.6f, 0.0f, 0.0f,
        ];

        var result = Resample(source, 4, 0.5f, 2, 2);

        Assert.Equal([0.75f, 0.3125f, 0.3f, 0.25f], result);
    }

    [Fact]
    public void A_non_integer_shrink_weights_partially_covered_pixels_by_their_area()
    {
        // 3x3 -> 2x2: destination pixel 0 covers source [0, 1.5) on each axis, so source pixel 0
        // contributes 1 x 1 of its area, pixel 1 half: weights (2/3, 1/3) per axis, i.e. 4/9, 2/9, 2/9, 1/9.
        float[] source =
        [
            0.9f, 0.3f, 0.0f,
            0.6f, 0.0f, 0.0f,
            0.0f, 0.0f, 0.45f,
        ];

        var result = Resample(source, 3, 2f / 3f, 2, 2);

        Assert.Equal((4 * 0.9f + 2 * 0.3f + 2 * 0.6f + 0f) / 9f, result[0], 1e-6f);
        Assert.Equal((2 * 0.3f + 0f) / 9f, result[1], 1e-6f);
        Assert.Equal((2 * 0.6f + 0f) / 9f, result[2], 1e-6f);
        Assert.Equal(4 * 0.45f / 9f, result[3], 1e-6f);
    }

    [Fact]
    public void Enlarging_spreads_each_pixel_over_the_area_it_covers()
    {
        // [1, 0] x1.5 -> 3 columns: column 0 lies inside source pixel 0, column 1 straddles both
        // halves (0.5 * 1 + 0.5 * 0), column 2 lies inside source pixel 1.
        Assert.Equal(3, AreaResampler.ScaledLength(2, 1.5f));
        var oneRow = Resample([1f, 0f], 2, 1.5f, 3, 1);
        Assert.Equal([1f, 0.5f, 0f], oneRow);

        // Given two rows, the single source row (1.5 rows tall) is centred: it covers 0.75 of each.
        Assert.Equal(2, AreaResampler.ScaledLength(1, 1.5f));
        var twoRows = new float[6];
        AreaResampler.Resample([1f, 0f], 2, new PixelBox(0, 0, 2, 1), 1.5f, twoRows, 3, 2);
        Assert.Equal([0.75f, 0.375f, 0f, 0.75f, 0.375f, 0f], twoRows);
    }

    [Fact]
    public void Integer_enlargement_replicates_pixels_exactly()
    {
        float[] source = [0.2f, 1f, 0f, 0.6f];

        var result = Resample(source, 2, 3f, 6, 6);

        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                Assert.Equal(source[(y / 3) * 2 + x / 3], result[y * 6 + x], 1e-6f);
            }
        }
    }

    [Fact]
    public void Ink_is_conserved_up_to_the_area_scale()
    {
        var random = new Random(7);
        var source = Enumerable.Range(0, 37 * 23).Select(_ => (float)random.NextDouble()).ToArray();
        const float scale = 20f / 37f;
        int width = AreaResampler.ScaledLength(37, scale), height = AreaResampler.ScaledLength(23, scale);

        var result = Resample(source, 37, scale, width, height);

        Assert.Equal(20, width);
        Assert.Equal(13, height);
        Assert.Equal(ImageMeasure.Sum(source) * scale * scale, ImageMeasure.Sum(result), 1e-3);
    }

    [Fact]
    public void Only_the_region_is_read()
    {
        // A 2x2 region in the middle of a 4x4 source whose outside is full ink.
        var source = Enumerable.Repeat(1f, 16).ToArray();
        source[5] = 0f;
        source[6] = 0.5f;
        source[9] = 0.25f;
        source[10] = 0.25f;
        var destination = new float[1];

        AreaResampler.Resample(source, 4, new PixelBox(1, 1, 2, 2), 0.5f, destination, 1, 1);

        Assert.Equal(0.25f, destination[0], 1e-6f);
    }
}
