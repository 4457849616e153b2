using MnistBlazor.Training.Data;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Data;

public sealed class RandomAffineAugmentationTests
{
    [Fact]
    public void Without_rotation_scale_or_shift_the_images_come_back_unchanged()
    {
        using var images = ImageTensors.Images(TestData.Test.Slice(0, 8));
        using var same = new RandomAffineAugmentation(0, 0, 0).Apply(images);

        Assert.True(images.allclose(same, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Light_augmentation_moves_ink_a_little_and_keeps_shape_and_range()
    {
        using var images = ImageTensors.Images(TestData.Test.Slice(0, 64));
        manual_seed(5);
        using var moved = new RandomAffineAugmentation().Apply(images);

        Assert.Equal(images.shape, moved.shape);
        Assert.InRange(moved.min().item<float>(), -1e-6f, 1e-6f);
        Assert.InRange(moved.max().item<float>(), 0.5f, 1f + 1e-6f);
        var meanChange = (moved - images).abs().mean().item<float>();
        Assert.InRange(meanChange, 0.005f, 0.2f);
        // Ink is roughly preserved (scale changes it by at most about 20%).
        var inkRatio = moved.sum().item<float>() / images.sum().item<float>();
        Assert.InRange(inkRatio, 0.8f, 1.2f);
    }
}
