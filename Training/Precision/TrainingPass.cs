using MnistBlazor.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Precision;

/// <summary>
/// A training step's forward and backward passes at the chosen precision, always on a float32 master model:
/// the optimizer, checkpoints, validation and ONNX export only ever see the master's float32 weights.
/// With bf16 (TorchSharp has no autocast) a working copy of the architecture (<see cref="ModelFactory.CreateForBf16"/>:
/// its Conv3d layers computed as <see cref="PlaneConv3d"/>) holds bfloat16 convolution and dense weights, refreshed
/// from the master before every forward pass; its gradients are handed back to the master as float32 after the
/// backward pass. BatchNorm stays float32 and shares the master's running statistics: a 1 % momentum update is
/// below bfloat16's resolution, so bf16 statistics would stop moving. The copy computes in channels-last layout
/// (<see cref="ChannelsLastLayout"/>), which makes its step 1.1-1.3x faster; float32 is slower that way, so the master keeps NCHW.
/// The logits come back as float32, so the loss and softmax are computed in float32.
/// </summary>
public sealed class TrainingPass : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> master;
    private readonly nn.Module<Tensor, Tensor>? working;
    private readonly (Parameter Master, Parameter Working)[] parameterPairs = [];

    public TrainingPass(nn.Module<Tensor, Tensor> master, TrainingPrecision precision, Device device)
    {
        this.master = master;
        Precision = precision;
        if (precision == TrainingPrecision.Fp32)
        {
            return;
        }

        working = CreateWithoutDrawingRandomNumbers(ModelFactory.IdOf(master));
        working.to(device);
        foreach (var (_, module) in working.named_modules())
        {
            if (module is Convolution or Linear or PlaneConv3d)
            {
                module.to(ScalarType.BFloat16);
            }
        }

        ChannelsLastLayout.Apply(working);

        parameterPairs = Pair(master.named_parameters(), working.named_parameters());
        using (no_grad())
        {
            foreach (var (masterBuffer, workingBuffer) in Pair(master.named_buffers(), working.named_buffers()))
            {
                workingBuffer.set_(masterBuffer);
            }
        }
    }

    public TrainingPrecision Precision { get; }

    /// <summary>Float32 logits of a float32 image batch.</summary>
    public Tensor Forward(Tensor images)
    {
        if (working is null)
        {
            return master.call(images);
        }

        using (no_grad())
        {
            foreach (var (masterParameter, workingParameter) in parameterPairs)
            {
                workingParameter.copy_(masterParameter);
            }
        }

        working.train(master.training);
        return working.call(images.to(ScalarType.BFloat16)).to(ScalarType.Float32);
    }

    /// <summary>Back-propagates the loss and leaves float32 gradients on the master's parameters for the optimizer.</summary>
    public void Backward(Tensor loss)
    {
        loss.backward();
        if (working is null)
        {
            return;
        }

        using (no_grad())
        {
            foreach (var (masterParameter, workingParameter) in parameterPairs)
            {
                using var gradient = workingParameter.grad;
                if (gradient is null)
                {
                    continue;
                }

                using var masterGradient = masterParameter.grad;
                if (masterGradient is null)
                {
                    using var converted = gradient.to(ScalarType.Float32);
                    masterParameter.grad = converted.contiguous();
                }
                else
                {
                    masterGradient.copy_(gradient);
                }

                workingParameter.grad = null;
            }
        }
    }

    public void Dispose() => working?.Dispose();

    /// <summary>The copy's initial weights are overwritten anyway; drawing them must not shift the random numbers training uses, or a resumed run would differ.</summary>
    private static nn.Module<Tensor, Tensor> CreateWithoutDrawingRandomNumbers(string modelId)
    {
        using var state = get_rng_state();
        var model = ModelFactory.CreateForBf16(modelId);
        set_rng_state(state);
        return model;
    }

    private static (T Master, T Working)[] Pair<T>(IEnumerable<(string Name, T Tensor)> masterTensors, IEnumerable<(string Name, T Tensor)> workingTensors)
    {
        var masters = masterTensors.ToArray();
        var workings = workingTensors.ToArray();
        if (!masters.Select(m => m.Name).SequenceEqual(workings.Select(w => w.Name)))
        {
            throw new InvalidOperationException("The bf16 working copy's tensors do not line up with the master model's.");
        }

        return masters.Zip(workings, (m, w) => (m.Tensor, w.Tensor)).ToArray();
    }
}
