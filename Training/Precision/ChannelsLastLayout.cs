using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Precision;

/// <summary>
/// Makes a module's 2D convolutions compute in channels-last (NHWC) memory layout, with the same results: TorchSharp
/// 0.107 has no memory-format conversion for modules or tensors, so the convolution weights get channels-last strides
/// (oneDNN then writes channels-last outputs, which ReLU, max pooling and BatchNorm keep; <see cref="Models.PlaneConv3d"/>
/// does the same for volumes), and each flatten of a channels-last activation takes a contiguous copy whose gradient
/// goes back in channels-last layout. Without that last step the backward pass would arrive in NCHW and every layer
/// behind it would mix layouts, which costs more than it saves.
/// Max pooling is where NCHW hurts most: its forward pass takes about 10x as long as in channels-last.
/// </summary>
public static class ChannelsLastLayout
{
    /// <summary>Applies the layout to <paramref name="module"/> in place; its parameters keep their names, shapes and values.</summary>
    public static void Apply(nn.Module module)
    {
        using (no_grad())
        {
            foreach (var parameter in module.parameters().Where(p => p.dim() == 4))
            {
                using var channelsLast = ToChannelsLast(parameter);
                parameter.set_(channelsLast);
            }
        }

        foreach (var flatten in module.modules().OfType<Flatten>())
        {
            flatten.register_forward_pre_hook((_, input) =>
                input.dim() is 4 or 5 && !input.is_contiguous() ? ContiguousWithChannelsLastGradient.apply(input) : input);
        }
    }

    /// <summary>The same values with the channels stored last (NHWC, or NDHWC for volumes), still indexed as NCHW (NCDHW).</summary>
    public static Tensor ToChannelsLast(Tensor channelsFirst)
    {
        var dimensions = channelsFirst.dim();
        using var channelsLast = channelsFirst.permute([0, .. Enumerable.Range(2, (int)dimensions - 2).Select(d => (long)d), 1]);
        using var stored = channelsLast.contiguous();
        return stored.permute([0, dimensions - 1, .. Enumerable.Range(1, (int)dimensions - 2).Select(d => (long)d)]);
    }

    /// <summary>Forward: a contiguous (NCHW) copy. Backward: the incoming gradient in channels-last layout.</summary>
    private sealed class ContiguousWithChannelsLastGradient : autograd.SingleTensorFunction<ContiguousWithChannelsLastGradient>
    {
        public override string Name => nameof(ContiguousWithChannelsLastGradient);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).contiguous();

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradient) => [ToChannelsLast(gradient)];
    }
}
