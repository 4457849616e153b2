using MnistBlazor.Training.Data;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Data;

public sealed class DigitAugmentationTests
{
    private static readonly AugmentationSettings Nothing = new(0, 0, 0);

    [Fact]
    public void Without_any_distortion_the_images_come_back_unchanged()
    {
        using var images = ImageTensors.Images(TestData.Test.Slice(0, 8));
        using var same = new DigitAugmentation(Nothing).Apply(images);

        Assert.True(images.allclose(same, rtol: 0, atol: 1e-5));
    }

    [Theory]
    [InlineData("light")]
    [InlineData("drawn")]
    public void Augmentation_moves_ink_a_little_and_keeps_shape_and_range(string kind)
    {
        var settings = kind == "light" ? AugmentationSettings.Light : AugmentationSettings.Drawn;
        using var images = ImageTensors.Images(TestData.Test.Slice(0, 64));
        manual_seed(5);
        using var moved = new DigitAugmentation(settings).Apply(images);

        Assert.Equal(images.shape, moved.shape);
        Assert.InRange(moved.min().item<float>(), -1e-6f, 1e-6f);
        Assert.InRange(moved.max().item<float>(), 0.5f, 1f + 1e-6f);
        var meanChange = (moved - images).abs().mean().item<float>();
        Assert.InRange(meanChange, 0.005f, 0.25f);
        var inkRatio = moved.sum().item<float>() / images.sum().item<float>();
        Assert.InRange(inkRatio, 0.6f, 1.6f);
    }

    [Fact]
    public void Shear_slants_a_vertical_bar_and_keeps_its_middle_row()
    {
        // A vertical bar in the middle column; a shear of exactly 0.5 moves its top and bottom rows
        // 7 px apart at rows 7 px above and below the centre.
        using var image = zeros(1, 1, 28, 28);
        image[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(4, 24), TensorIndex.Slice(13, 15)] = tensor(1f);
        using var slanted = new DigitAugmentation(new AugmentationSettings(0, 0, 0, MaxShear: 0.5)).Apply(image);

        var top = ColumnOfMass(slanted, 7);
        var bottom = ColumnOfMass(slanted, 20);
        Assert.True(Math.Abs(top - bottom) > 2, $"a sheared bar leans: row 7 at x = {top}, row 20 at x = {bottom}");
    }

    [Fact]
    public void Thickening_adds_ink_and_thinning_removes_it()
    {
        using var images = ImageTensors.Images(TestData.Test.Slice(0, 32));
        manual_seed(1);
        using var thicker = new DigitAugmentation(new AugmentationSettings(0, 0, 0, MaxThickening: 1)).Apply(images);
        manual_seed(1);
        using var thinner = new DigitAugmentation(new AugmentationSettings(0, 0, 0, MaxThinning: 1)).Apply(images);

        var ink = images.sum().item<float>();
        Assert.True(thicker.sum().item<float>() > 1.2f * ink);
        Assert.True(thinner.sum().item<float>() < 0.8f * ink);
    }

    [Fact]
    public void The_elastic_field_bends_strokes_smoothly_without_losing_the_digit()
    {
        using var images = ImageTensors.Images(TestData.Test.Slice(0, 32));
        manual_seed(3);
        using var bent = new DigitAugmentation(new AugmentationSettings(0, 0, 0, ElasticPixels: 2.5)).Apply(images);

        var change = (bent - images).abs().mean().item<float>();
        Assert.InRange(change, 0.01f, 0.2f);
        var inkRatio = bent.sum().item<float>() / images.sum().item<float>();
        Assert.InRange(inkRatio, 0.8f, 1.2f);
    }

    private static double ColumnOfMass(Tensor image, int row)
    {
        var values = image[0, 0, row].data<float>().ToArray();
        var mass = values.Sum();
        return values.Select((v, x) => v * x).Sum() / mass;
    }
}
