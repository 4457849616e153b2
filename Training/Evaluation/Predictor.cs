using MnistBlazor.Shared.Imaging;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MnistBlazor.Training.Evaluation;

/// <summary>Runs a model in evaluation mode over many images, in batches.</summary>
public static class Predictor
{
    /// <summary>
    /// Small enough that a CNN's activations (at most 64 x 64 channels x 28 x 28 floats, 12.8 MB) stay below
    /// glibc's largest mmap threshold (32 MB): larger blocks are mapped and unmapped by every layer, and the
    /// page faults on fresh mappings then cost more than the convolutions themselves.
    /// </summary>
    public const int DefaultBatchSize = 64;

    /// <summary>Softmax probabilities, 10 per image, in image order; <paramref name="imagesDone"/> hears of each batch's images.</summary>
    public static float[] Probabilities(
        nn.Module<Tensor, Tensor> model, Tensor images, Device device, int batchSize = DefaultBatchSize, Action<long>? imagesDone = null)
    {
        model.eval();
        var count = images.shape[0];
        var result = new float[count * MnistGeometry.ClassCount];
        using var noGrad = no_grad();
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, count - start);
            var batch = images.narrow(0, start, length).to(device);
            var probabilities = softmax(model.call(batch), 1).cpu();
            probabilities.data<float>().CopyTo(result.AsSpan((int)(start * MnistGeometry.ClassCount), (int)(length * MnistGeometry.ClassCount)));
            imagesDone?.Invoke(length);
        }

        return result;
    }

    /// <summary>Mean cross-entropy loss and accuracy on labelled images.</summary>
    public static (double Loss, double Accuracy) LossAndAccuracy(
        nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, Device device, int batchSize = DefaultBatchSize)
    {
        model.eval();
        var count = images.shape[0];
        double lossSum = 0;
        long correct = 0;
        using var noGrad = no_grad();
        for (long start = 0; start < count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, count - start);
            var batch = images.narrow(0, start, length).to(device);
            var target = labels.narrow(0, start, length).to(device);
            var logits = model.call(batch);
            lossSum += cross_entropy(logits, target, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(target).sum().item<long>();
        }

        return count == 0 ? (0, 0) : (lossSum / count, (double)correct / count);
    }

    /// <summary>The class of highest probability per image (the first on ties).</summary>
    public static int[] ArgMax(ReadOnlySpan<float> probabilities)
    {
        var count = probabilities.Length / MnistGeometry.ClassCount;
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = Shared.Records.TestMetrics.ArgMax(probabilities.Slice(i * MnistGeometry.ClassCount, MnistGeometry.ClassCount));
        }

        return labels;
    }
}
