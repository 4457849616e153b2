using System.Diagnostics;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Optimization;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MnistBlazor.Training.Benchmarking;

/// <summary>One architecture's measured speed on this machine: a training step per precision, and float32 inference.</summary>
public sealed record ThroughputResult(
    string ModelId,
    long ParameterCount,
    long ForwardFlopsPerImage,
    IReadOnlyDictionary<TrainingPrecision, double> TrainingImagesPerSecond,
    double InferenceImagesPerSecond)
{
    /// <summary>Training costs about three forward passes (forward, and backward for inputs and weights).</summary>
    public double TrainingGflops(TrainingPrecision precision) => 3.0 * ForwardFlopsPerImage * TrainingImagesPerSecond[precision] / 1e9;

    public double InferenceGflops => (double)ForwardFlopsPerImage * InferenceImagesPerSecond / 1e9;
}

/// <summary>
/// A precision's practical peak on this machine, the best of two kinds of dense work: libtorch's matrix product
/// (which can fall short of the vector units: on AMD CPUs its float32 product reached less than half of what oneDNN's
/// float32 convolutions did) and oneDNN's 3x3 convolutions, which the CNNs' training runs on.
/// </summary>
public sealed record PeakEstimate(double MatmulGflops, double ConvolutionGflops)
{
    public double Gflops => Math.Max(MatmulGflops, ConvolutionGflops);
}

/// <summary>Measures training and inference speed on random images, and the machine's peak per precision.</summary>
public static class ThroughputBenchmark
{
    /// <summary>
    /// The precisions take turns over this many rounds and each keeps its best round, so a burst of other work on a
    /// shared machine does not land on one precision only.
    /// </summary>
    public const int ComparisonRounds = 3;

    public static ThroughputResult Measure(
        string modelId, IReadOnlyList<TrainingPrecision> precisions, int trainingBatchSize, int inferenceBatchSize, TimeSpan duration, Device device)
    {
        var training = precisions.ToDictionary(p => p, _ => 0.0);
        for (var round = 0; round < ComparisonRounds; round++)
        {
            foreach (var precision in precisions)
            {
                var rate = TrainingImagesPerSecond(modelId, precision, trainingBatchSize, duration / ComparisonRounds, device);
                training[precision] = Math.Max(training[precision], rate);
            }
        }

        manual_seed(1);
        using var model = ModelFactory.Create(modelId);
        model.to(device);
        model.eval();
        double inference;
        using (no_grad())
        {
            inference = ImagesPerSecond(inferenceBatchSize, duration, device, (input, _) => model.call(input));
        }

        return new ThroughputResult(modelId, ModelFactory.ParameterCount(model), FlopCounter.ForwardFlopsPerImage(model), training, inference);
    }

    /// <summary>Images/s of the trainer's step (forward, float32 loss, backward, AdamW) at the given precision.</summary>
    private static double TrainingImagesPerSecond(
        string modelId, TrainingPrecision precision, int batchSize, TimeSpan duration, Device device)
    {
        manual_seed(1);
        using var model = ModelFactory.Create(modelId);
        model.to(device);
        model.train();
        using var pass = new TrainingPass(model, precision, device);
        using var optimizer = OptimizerFactory.Create(OptimizerKind.AdamW, model.parameters(), 1e-3, 0.01);
        return ImagesPerSecond(batchSize, duration, device, (input, target) =>
        {
            optimizer.zero_grad();
            pass.Backward(cross_entropy(pass.Forward(input), target));
            optimizer.step();
        });
    }

    /// <summary>The precision's peak: half of <paramref name="duration"/> on matrix products, half on convolutions.</summary>
    public static PeakEstimate MeasurePeak(TrainingPrecision precision, TimeSpan duration, Device device) =>
        new(MatmulPeakGflops(precision, duration / 2, device), ConvolutionPeakGflops(precision, duration / 2, device));

    /// <summary>Best GFLOP/s of large square matrix products (1024, 2048, 4096) in the precision's type.</summary>
    public static double MatmulPeakGflops(TrainingPrecision precision, TimeSpan duration, Device device) =>
        new[] { 1024, 2048, 4096 }.Max(size => MatmulGflops(size, ElementType(precision), duration / 3, device));

    /// <summary>
    /// Best GFLOP/s of forward 3x3 convolutions shaped like the CNNs' widest layers (batch 128), each in NCHW and in
    /// channels-last layout, in the precision's type.
    /// </summary>
    public static double ConvolutionPeakGflops(TrainingPrecision precision, TimeSpan duration, Device device)
    {
        (long InChannels, long OutChannels, long Size)[] shapes = [(128, 512, 7), (512, 512, 7), (128, 128, 14)];
        var measurements = shapes.SelectMany(shape => new[] { false, true }, (shape, channelsLast) => (shape, channelsLast)).ToArray();
        return measurements.Max(m => ConvolutionGflops(
            m.shape.InChannels, m.shape.OutChannels, m.shape.Size, m.channelsLast, ElementType(precision), duration / measurements.Length, device));
    }

    private static ScalarType ElementType(TrainingPrecision precision) =>
        precision == TrainingPrecision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    private static double MatmulGflops(int size, ScalarType elementType, TimeSpan duration, Device device)
    {
        using var a = rand(size, size, dtype: elementType, device: device);
        using var b = rand(size, size, dtype: elementType, device: device);
        return BestGflops(2.0 * size * size * size, duration, () => a.matmul(b));
    }

    private static double ConvolutionGflops(
        long inChannels, long outChannels, long size, bool channelsLast, ScalarType elementType, TimeSpan duration, Device device)
    {
        using var scope = NewDisposeScope();
        using var convolution = nn.Conv2d(inChannels, outChannels, 3, padding: Padding.Same, bias: false);
        convolution.to(elementType).to(device);
        var input = rand(128, inChannels, size, size, dtype: elementType, device: device);
        if (channelsLast)
        {
            ChannelsLastLayout.Apply(convolution);
            input = ChannelsLastLayout.ToChannelsLast(input);
        }

        using var noGrad = no_grad();
        return BestGflops(FlopCounter.ConvolutionFlops(convolution, 128 * outChannels * size * size), duration, () => convolution.call(input));
    }

    /// <summary>
    /// The best rate of <paramref name="compute"/> over <paramref name="duration"/>, after one untimed call. Reading one
    /// element of the result waits for it on a device that computes asynchronously; anything more would be timed too
    /// (a float32 sum of a bf16 result converts the whole output first: about 8 % of a 4096x4096 bf16 matmul's time).
    /// </summary>
    private static double BestGflops(double flops, TimeSpan duration, Func<Tensor> compute)
    {
        compute().Dispose();
        var best = 0.0;
        var total = Stopwatch.StartNew();
        do
        {
            var clock = Stopwatch.StartNew();
            using (NewDisposeScope())
            {
                _ = compute().as_strided([1], [1]).to(ScalarType.Float32).item<float>();
            }

            best = Math.Max(best, flops / clock.Elapsed.TotalSeconds / 1e9);
        }
        while (total.Elapsed < duration);
        return best;
    }

    private static double ImagesPerSecond(int batchSize, TimeSpan duration, Device device, Action<Tensor, Tensor> step)
    {
        using var input = rand(batchSize, 1, 28, 28, device: device);
        using var target = randint(0, 10, [batchSize], device: device);
        for (var warmUp = 0; warmUp < 2; warmUp++)
        {
            using var scope = NewDisposeScope();
            step(input, target);
        }

        long images = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            using var scope = NewDisposeScope();
            step(input, target);
            images += batchSize;
        }
        while (clock.Elapsed < duration || images < 3L * batchSize);
        return images / clock.Elapsed.TotalSeconds;
    }
}
