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
    /// neighbourhoods are one concatenation, and oneDNN's channels-last output is already the volume's layout; the
    /// output has channels-last strides, which pooling and BatchNorm keep. Planes near the ends, whose neighbourhood
    /// reaches past the volume, are convolved apart with only the kernel's planes that fall inside: no multiply-adds on
    /// padding zeros, a sixth of the work on four planes and a third on two.
    /// </summary>
    public override Tensor forward(Tensor volumes)
    {
        using var scope = NewDisposeScope();
        var planes = volumes.permute(0, 2, 3, 4, 1);
        var outputs = PlaneGroups(volumes.shape[2]).Select(group => Convolve(planes, group)).ToArray();
        var output = outputs.Length == 1 ? outputs[0] : cat(outputs, dim: 1);
        return output.permute(0, 4, 1, 2, 3).MoveToOuterDisposeScope();
    }

    /// <summary>Consecutive output planes whose kernel planes inside the volume are the same (ends apart, the middle together).</summary>
    private IEnumerable<PlaneGroup> PlaneGroups(long depth)
    {
        var reach = kernelSize / 2;
        PlaneGroup? current = null;
        for (var plane = 0L; plane < depth; plane++)
        {
            var firstTap = Math.Max(0, reach - plane);
            var lastTap = Math.Min(kernelSize - 1, depth - 1 - plane + reach);
            if (current is { } open && open.FirstTap == firstTap && open.LastTap == lastTap)
            {
                current = open with { LastPlane = plane };
                continue;
            }

            if (current is { } finished)
            {
                yield return finished;
            }

            current = new PlaneGroup(plane, plane, firstTap, lastTap);
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    /// <summary>One group's output planes (N, planes, H, W, C_out): its neighbourhoods stacked on the channels, one Conv2d.</summary>
    private Tensor Convolve(Tensor planes, PlaneGroup group)
    {
        var (count, height, width, channels) = (planes.shape[0], planes.shape[2], planes.shape[3], planes.shape[4]);
        var (reach, planeCount, tapCount) = (kernelSize / 2, group.LastPlane - group.FirstPlane + 1, group.LastTap - group.FirstTap + 1);
        var neighbours = new Tensor[tapCount];
        for (var tap = group.FirstTap; tap <= group.LastTap; tap++)
        {
            var from = group.FirstPlane + tap - reach;
            neighbours[tap - group.FirstTap] = planes[.., (int)from..(int)(from + planeCount)];
        }

        var neighbourhoods = (tapCount == 1 ? neighbours[0] : cat(neighbours, dim: 4))
            .reshape(count * planeCount, height, width, tapCount * channels)
            .permute(0, 3, 1, 2);
        var outputChannels = weight.shape[0];
        var kernels = ChannelsLastLayout.ToChannelsLast(
            weight[.., .., (int)group.FirstTap..(int)(group.LastTap + 1)]
                .permute(0, 2, 1, 3, 4)
                .reshape(outputChannels, tapCount * channels, kernelSize, kernelSize));
        var output = functional.conv2d(neighbourhoods, kernels, bias, padding: [reach, reach]);
        return output.permute(0, 2, 3, 1).reshape(count, planeCount, height, width, outputChannels);
    }

    /// <summary>Output planes FirstPlane..LastPlane, each reading the kernel's depth planes FirstTap..LastTap.</summary>
    private readonly record struct PlaneGroup(long FirstPlane, long LastPlane, long FirstTap, long LastTap);
}
