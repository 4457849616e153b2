using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Benchmarking;

/// <summary>
/// Counts the multiply-add work of one forward pass per image (2 FLOPs per multiply-add) in the
/// convolution and dense layers, which dominate; pooling, batch norm and activations are left out.
/// </summary>
public static class FlopCounter
{
    public static long ForwardFlopsPerImage(nn.Module<Tensor, Tensor> model)
    {
        long flops = 0;
        var removeHooks = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Convolution convolution:
                    var convolutionHook = convolution.register_forward_hook((_, _, output) =>
                    {
                        flops += ConvolutionFlops(convolution, output.numel());
                        return output;
                    });
                    removeHooks.Add(convolutionHook.remove);
                    break;
                case Linear linear:
                    var linearHook = linear.register_forward_hook((_, _, output) =>
                    {
                        flops += 2 * output.numel() * linear.in_features;
                        return output;
                    });
                    removeHooks.Add(linearHook.remove);
                    break;
            }
        }

        try
        {
            model.eval();
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(zeros(1, 1, 28, 28));
        }
        finally
        {
            foreach (var remove in removeHooks)
            {
                remove();
            }
        }

        return flops;
    }

    /// <summary>Multiply-adds x2 of a convolution producing <paramref name="outputElements"/> values, counted as direct convolution.</summary>
    public static long ConvolutionFlops(Convolution convolution, long outputElements)
    {
        var kernelVolume = convolution.kernel_size.Aggregate(1L, (a, b) => a * b);
        return 2 * outputElements * (convolution.in_channels / convolution.groups) * kernelVolume;
    }
}
