using MnistBlazor.Training.Precision;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>
/// A Conv3d with "same" padding computed as one Conv2d over the planes of the volume: each plane is stacked with its
/// neighbours (zeros beyond the ends) on the channel axis, and the kernel's depth joins its input channels. Same
/// parameters (names, shapes, layout) and, in float32, the same result as <see cref="Conv3d"/> to rounding. The bf16
/// working copy of a training step uses it: libtorch's bf16 Conv3d weight gradient is wrong on the quadrant branch's
/// small volumes, its bf16 Conv2d is right, so the whole branch computes in bf16 (float32 Conv2d this way is 3x slower
/// than Conv3d, so float32 keeps Conv3d). On AVX-512 BF16 alone (AMD EPYC Zen 5), computed in NCHW order, the model
/// trained no faster than with its Conv3d kept in float32 (172 against 168 images/s); in channels-last order its bf16
/// step is 1.16-1.19x faster again. A float32 branch, a third of the model's FLOPs, would also cap the model's bf16
/// speed-up below 3x however fast the bf16 units.
/// </summary>
public sealed class PlaneConv3d : Module<Tensor, Tensor>
{
    private readonly long kernelSize;

    // Registered under their field names, which are Conv3d's parameter names: the bf16 copy pairs with a Conv3d master by name.
    private readonly Parameter weight;
    private readonly Parameter bias;

    public PlaneConv3d(long inputChannels, long outputChannels, long kernelSize) : base(nameof(PlaneConv3d))
    {
        if (kernelSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "'Same' padding needs an odd kernel size.");
        }

        this.kernelSize = kernelSize;
        weight = new Parameter(empty([outputChannels, inputChannels, kernelSize, kernelSize, kernelSize]));
        bias = new Parameter(empty(outputChannels));
        RegisterComponents();
    }

    /// <summary>
    /// Volumes (N, C, D, H, W) to (N, C_out, D, H, W). Computed in channels-last order (N, D, H, W, C): the stacked
    /// neighbourhoods are one concatenation, and oneDNN's channels-last output is already the volume's layout, so
    /// nothing else is copied; the output has channels-last strides, which pooling and BatchNorm keep.
    /// </summary>
    public override Tensor forward(Tensor volumes)
    {
        using var scope = NewDisposeScope();
        var (count, channels, depth, height, width) = (volumes.shape[0], volumes.shape[1], volumes.shape[2], volumes.shape[3], volumes.shape[4]);
        var reach = kernelSize / 2;
        var padded = functional.pad(volumes.permute(0, 2, 3, 4, 1), [0, 0, 0, 0, 0, 0, reach, reach]);
        var neighbourhoods = cat(
                Enumerable.Range(0, (int)kernelSize).Select(offset => padded[.., offset..(int)(offset + depth)]).ToArray(),
                dim: 4)
            .reshape(count * depth, height, width, kernelSize * channels)
            .permute(0, 3, 1, 2);
        var outputChannels = weight.shape[0];
        var kernels = ChannelsLastLayout.ToChannelsLast(
            weight.permute(0, 2, 1, 3, 4).reshape(outputChannels, kernelSize * channels, kernelSize, kernelSize));
        var output = functional.conv2d(neighbourhoods, kernels, bias, padding: [reach, reach]);
        return output.permute(0, 2, 3, 1)
            .reshape(count, depth, height, width, outputChannels)
            .permute(0, 4, 1, 2, 3)
            .MoveToOuterDisposeScope();
    }
}
