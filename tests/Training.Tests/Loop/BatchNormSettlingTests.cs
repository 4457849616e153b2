using MnistBlazor.Training.Loop;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Loop;

public sealed class BatchNormSettlingTests
{
    [Fact]
    public void Statistics_become_the_plain_average_over_the_images_with_dropout_off_and_momentum_restored()
    {
        manual_seed(7);
        // Dropout in front: were it active while settling, the variance would come out about ten times too large.
        var norm = nn.BatchNorm2d(1, momentum: 0.01);
        using var model = nn.Sequential(("drop", nn.Dropout2d(0.9)), ("norm", norm));
        using var images = rand(1024, 1, 28, 28).mul_(3).add_(2); // uniform on [2, 5): mean 3.5, variance 0.75
        norm.running_mean!.fill_(100);
        norm.running_var!.fill_(100);

        var layers = BatchNormSettling.Settle(model, images, CPU);

        Assert.Equal(1, layers);
        Assert.Equal(3.5, norm.running_mean!.item<float>(), 0.01);
        Assert.Equal(0.75, norm.running_var!.item<float>(), 0.01);
        Assert.Equal(0.01, norm.momentum);
        Assert.False(model.training);
    }

    [Fact]
    public void Only_the_first_images_count_and_a_model_without_batchnorm_is_left_alone()
    {
        manual_seed(7);
        var norm = nn.BatchNorm2d(1);
        using var model = nn.Sequential(("norm", norm));
        using var images = cat([zeros(BatchNormSettling.Images, 1, 2, 2), ones(512, 1, 2, 2)]);

        BatchNormSettling.Settle(model, images, CPU);
        Assert.Equal(0, norm.running_mean!.item<float>());

        using var dense = nn.Sequential(("dense", nn.Linear(4, 2)));
        Assert.Equal(0, BatchNormSettling.Settle(dense, zeros(8, 4), CPU));
    }
}
