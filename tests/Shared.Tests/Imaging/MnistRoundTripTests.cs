using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using Xunit.Abstractions;

namespace MnistBlazor.Shared.Tests.Imaging;

/// <summary>
/// Real MNIST test digits, enlarged to a 280x280 canvas and preprocessed again, must come back as
/// themselves: this is the proof that the preprocessing reproduces how MNIST was built.
/// </summary>
public sealed class MnistRoundTripTests(ITestOutputHelper output)
{
    private const int ImageCount = 1000;
    private const int Factor = 10;
    private const int CanvasSide = MnistGeometry.Side * Factor;

    private static readonly Lazy<LabeledImages> FirstTestImages = new(() =>
        MnistDataset.Load(ProjectPaths.DefaultDataDirectory, MnistSplit.Test).Slice(0, ImageCount));

    private delegate float Enlarge(ReadOnlySpan<byte> image, int x, int y);

    /// <summary>Each MNIST pixel becomes a 10x10 block (a canvas drawn with smoothing off).</summary>
    private static float Blocks(ReadOnlySpan<byte> image, int x, int y) =>
        image[y / Factor * MnistGeometry.Side + x / Factor] / 255f;

    /// <summary>Bilinear interpolation between pixel centres (a canvas drawImage with smoothing on).</summary>
    private static float Bilinear(ReadOnlySpan<byte> image, int x, int y)
    {
        var u = (x + 0.5f) / Factor - 0.5f;
        var v = (y + 0.5f) / Factor - 0.5f;
        int x0 = (int)MathF.Floor(u), y0 = (int)MathF.Floor(v);
        float fx = u - x0, fy = v - y0;
        return (1 - fy) * ((1 - fx) * Pixel(image, x0, y0) + fx * Pixel(image, x0 + 1, y0))
            + fy * ((1 - fx) * Pixel(image, x0, y0 + 1) + fx * Pixel(image, x0 + 1, y0 + 1));
    }

    private static float Pixel(ReadOnlySpan<byte> image, int x, int y) =>
        x < 0 || y < 0 || x >= MnistGeometry.Side || y >= MnistGeometry.Side ? 0f : image[y * MnistGeometry.Side + x] / 255f;

    private static (double Mean, double Worst, int WorstIndex, int Exact) RoundTrip(Enlarge enlarge)
    {
        var images = FirstTestImages.Value;
        Assert.Equal(ImageCount, images.Count);
        var canvas = new float[CanvasSide * CanvasSide];
        double total = 0, worst = 0;
        int worstIndex = -1, exact = 0;
        for (var i = 0; i < images.Count; i++)
        {
            var original = images.ImageBytes(i);
            for (var y = 0; y < CanvasSide; y++)
            {
                for (var x = 0; x < CanvasSide; x++)
                {
                    canvas[y * CanvasSide + x] = enlarge(original, x, y);
                }
            }

            var digit = DigitPreprocessor.Preprocess(new GrayImage(CanvasSide, CanvasSide, canvas));
            Assert.False(digit.IsBlank, $"test image {i}: {digit.BlankReason}");

            var difference = 0.0;
            for (var p = 0; p < MnistGeometry.PixelCount; p++)
            {
                difference += Math.Abs(digit.Pixels[p] - original[p] / 255.0);
            }

            difference /= MnistGeometry.PixelCount;
            total += difference;
            exact += difference < 1e-6 ? 1 : 0;
            if (difference > worst)
            {
                worst = difference;
                worstIndex = i;
            }
        }

        return (total / images.Count, worst, worstIndex, exact);
    }

    [Fact]
    public void Block_enlarged_test_digits_come_back_almost_exactly()
    {
        // Measured: mean 0.00001, worst 0.00033, 929 of 1,000 bit-exact. A 10x block enlargement
        // is undone exactly by the area-averaging shrink, and the whole-pixel centre-of-mass
        // placement lands every digit where MNIST put it; in the other 71 a faint outer row or
        // column (ink at or below the noise level) falls outside the crop and is dropped.
        var (mean, worst, worstIndex, exact) = RoundTrip(Blocks);
        output.WriteLine($"blocks: mean {mean:F6}, worst {worst:F6} (image {worstIndex}), bit-exact {exact}/{ImageCount}");

        Assert.True(mean < 0.001, $"mean absolute difference {mean:F6}");
        Assert.True(worst < 0.005, $"worst image {worstIndex}: {worst:F6}");
        Assert.True(exact >= 900, $"only {exact} images came back bit-exact");
    }

    [Fact]
    public void Smoothly_enlarged_test_digits_stay_closer_to_themselves_than_a_one_pixel_shift()
    {
        // Measured: mean 0.038, worst 0.087. Bilinear enlargement blurs each edge by half an MNIST
        // pixel, widening the ink's box from 20 to about 21 px, so the digit comes back slightly
        // thinner and softer. For scale: the same digits shifted by one pixel differ from
        // themselves by 0.065 on average, and two different test digits by 0.16. The thresholds
        // (mean 0.05, worst 0.12) leave room for float differences but fail on a half-pixel
        // misplacement or a wrong scale.
        var (mean, worst, worstIndex, _) = RoundTrip(Bilinear);
        var shiftedByOne = MeanDifferenceWhenShiftedOnePixel();
        output.WriteLine($"bilinear: mean {mean:F5}, worst {worst:F5} (image {worstIndex}); one-pixel shift: {shiftedByOne:F5}");

        Assert.True(mean < 0.05, $"mean absolute difference {mean:F5}");
        Assert.True(mean < shiftedByOne, $"mean {mean:F5} is not below a one-pixel shift's {shiftedByOne:F5}");
        Assert.True(worst < 0.12, $"worst image {worstIndex}: {worst:F5}");
    }

    [Fact]
    public void Test_digits_given_at_28x28_pass_through_unchanged_but_for_faint_edge_pixels()
    {
        // Already MNIST-shaped input (the 784-pixel API): crop 20 px long, scale 1, same placement.
        // Measured: 929 of 1,000 identical; in the other 71 a faint outer row or column (ink at or
        // below the noise level, 13/255) falls outside the crop on the shorter side and is dropped.
        var images = FirstTestImages.Value;
        var changed = 0;
        for (var i = 0; i < images.Count; i++)
        {
            var original = images.ImageBytes(i);
            var digit = DigitPreprocessor.Preprocess(GrayImage.FromInkBytes(original, MnistGeometry.Side, MnistGeometry.Side));
            var identical = true;
            for (var p = 0; p < MnistGeometry.PixelCount; p++)
            {
                var expected = original[p] / 255f;
                if (digit.Pixels[p] != expected)
                {
                    identical = false;
                    Assert.True(expected <= DigitPreprocessor.NoiseLevel && digit.Pixels[p] == 0f,
                        $"image {i}, pixel (x {p % 28}, y {p / 28}): {digit.Pixels[p]} instead of {expected}");
                }
            }

            changed += identical ? 0 : 1;
        }

        output.WriteLine($"28x28: {ImageCount - changed} of {ImageCount} identical");
        Assert.True(changed <= 100, $"{changed} images changed");
    }

    private static double MeanDifferenceWhenShiftedOnePixel()
    {
        var images = FirstTestImages.Value;
        var total = 0.0;
        for (var i = 0; i < images.Count; i++)
        {
            var image = images.ImageBytes(i);
            for (var y = 0; y < MnistGeometry.Side; y++)
            {
                for (var x = 0; x < MnistGeometry.Side; x++)
                {
                    var left = x > 0 ? image[y * MnistGeometry.Side + x - 1] : 0;
                    total += Math.Abs(image[y * MnistGeometry.Side + x] - left) / 255.0;
                }
            }
        }

        return total / images.Count / MnistGeometry.PixelCount;
    }
}
