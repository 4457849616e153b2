using MnistBlazor.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Precision;

/// <summary>
/// A training step's forward and backward passes at the chosen precision, always on a float32 master model:
/// the optimizer, checkpoints, validation and ONNX export only ever see the master's float32 weights.
/// With bf16 (TorchSharp has no autocast) a working copy of the architecture holds bfloat16 Conv2d and
/// dense weights, refreshed from the master before every forward pass; its gradients are handed back to the
/// master as float32 after the backward pass. BatchNorm stays float32 and shares the master's running
/// statistics: a 1 % momentum update is below bfloat16's resolution, so bf16 statistics would stop moving.
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
            if (module is Conv3d conv3d)
            {
                KeepInFloat32(conv3d);
            }
            else if (module is Convolution or Linear)
            {
                module.to(ScalarType.BFloat16);
            }
        }

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
                    masterParameter.grad = gradient.to(ScalarType.Float32);
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

    /// <summary>
    /// libtorch's bf16 Conv3d weight gradient (TorchSharp 0.107, CPU) is wrong on the quadrant branch's small
    /// [2,7,7] volumes: 10-30 % off and at times NaN (measured against float32; 0.25 % on [4,14,14]). So
    /// Conv3d computes in float32 between bf16 neighbours, as autocast's float32 list would.
    /// </summary>
    private static void KeepInFloat32(Conv3d conv)
    {
        conv.register_forward_pre_hook((_, input) => input.to(ScalarType.Float32));
        conv.register_forward_hook((_, _, output) => output.to(ScalarType.BFloat16));
    }

    /// <summary>The copy's initial weights are overwritten anyway; drawing them must not shift the random numbers training uses, or a resumed run would differ.</summary>
    private static nn.Module<Tensor, Tensor> CreateWithoutDrawingRandomNumbers(string modelId)
    {
        using var state = get_rng_state();
        var model = ModelFactory.Create(modelId);
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
