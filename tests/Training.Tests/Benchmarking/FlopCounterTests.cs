using MnistBlazor.Training.Benchmarking;
using MnistBlazor.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Benchmarking;

/// <summary>
/// FLOPs (2 per multiply-add) counted by hand. A 3x3 convolution with i input channels makes 9*i multiply-adds per
/// output value; a dense layer with i inputs makes i per output.
/// </summary>
public sealed class FlopCounterTests
{
    // conv(1,64) at 28x28: 2*9*1*64*784 = 903,168; conv(64,64) at 28x28: 2*9*64*64*784 = 57,802,752;
    // conv(64,128) at 14x14: 2*9*64*128*196 = 28,901,376; conv(128,128) at 14x14: 2*9*128*128*196 = 57,802,752;
    // dense(6272,512) 6,422,528 + dense(512,128) 131,072 + dense(128,10) 2,560
    private const long SimpleCnnForward = 151_966_208;

    [Fact]
    public void The_simple_cnn_forward_pass_costs_the_hand_counted_flops()
    {
        using var model = ModelFactory.Create("simple-cnn");

        Assert.Equal(SimpleCnnForward, FlopCounter.ForwardFlopsPerImage(model));
    }

    [Fact]
    public void A_convolution_costs_two_flops_per_multiply_add_of_its_kernel_over_its_input_channels()
    {
        using var convolution = (Convolution)nn.Conv2d(512, 512, 3, padding: TorchSharp.Padding.Same, bias: false);

        // The peak estimate's widest convolution: batch 128, 512 channels at 7x7.
        Assert.Equal(2L * 9 * 512 * (128 * 512 * 7 * 7), FlopCounter.ConvolutionFlops(convolution, 128 * 512 * 7 * 7));
    }

    [Fact]
    public void A_grouped_convolution_counts_only_the_input_channels_of_its_group()
    {
        using var convolution = (Convolution)nn.Conv2d(64, 64, 3, groups: 4);

        Assert.Equal(2L * 9 * 16 * 1000, FlopCounter.ConvolutionFlops(convolution, 1000));
    }
}
