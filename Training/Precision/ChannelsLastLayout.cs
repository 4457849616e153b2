using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Precision;

/// <summary>
/// Makes a module's 2D convolutions compute in channels-last (NHWC) memory layout, with the same results: TorchSharp
/// 0.107 has no memory-format conversion for modules or tensors, so the convolution weights get channels-last strides
/// (oneDNN then writes channels-last outputs, which ReLU, max pooling and BatchNorm keep), and each flatten of a
/// 4D activation takes a contiguous copy whose gradient goes back in channels-last layout. Without that last step
/// the backward pass would arrive in NCHW and every layer behind it would mix layouts, which costs more than it saves.
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
                input.dim() == 4 && !input.is_contiguous() ? ContiguousWithChannelsLastGradient.apply(input) : input);
        }
    }

    /// <summary>The same values in NHWC storage, still indexed as NCHW.</summary>
    public static Tensor ToChannelsLast(Tensor nchw)
    {
        using var nhwc = nchw.permute(0, 2, 3, 1);
        using var stored = nhwc.contiguous();
        return stored.permute(0, 3, 1, 2);
    }

    /// <summary>Forward: a contiguous (NCHW) copy. Backward: the incoming gradient in channels-last layout.</summary>
    private sealed class ContiguousWithChannelsLastGradient : autograd.SingleTensorFunction<ContiguousWithChannelsLastGradient>
    {
        public override string Name => nameof(ContiguousWithChannelsLastGradient);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).contiguous();

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradient) => [ToChannelsLast(gradient)];
    }
}
