using System.CommandLine;
using System.Globalization;
using MnistBlazor.Training.Benchmarking;
using MnistBlazor.Training.Precision;

namespace MnistBlazor.Training.Cli;

/// <summary><c>benchmark</c>: training and inference images/s per architecture beside the machine's peak FLOP rate.</summary>
public static class BenchmarkCommand
{
    public static Command Create()
    {
        var model = CliOptions.Model(CliOptions.All, allowEnsemble: false, allowList: true);
        var batchSize = CliOptions.Positive(new Option<int?>("--batch-size") { Description = "Training batch size (default 128, the modern recipe's)" });
        var seconds = CliOptions.PositiveNumber(new Option<double?>("--seconds") { Description = "Seconds per measurement (default 5)" });
        var threads = CliOptions.Threads();
        var device = CliOptions.Device();
        var precision = CliOptions.Precision("Training precision to measure: fp32, bf16 or auto (default: fp32 and, where the CPU has avx512_bf16 or amx_bf16, bf16 beside it)");
        var command = new Command("benchmark", "Measure training and inference images/s of each architecture and the machine's peak GFLOP/s")
        {
            model, batchSize, seconds, threads, device, precision,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse).Output;
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            var duration = TimeSpan.FromSeconds(parse.GetValue(seconds) ?? 5);
            var trainingBatch = parse.GetValue(batchSize) ?? 128;
            var precisions = parse.GetValue(precision) is { } choice
                ? [PrecisionChoice.Resolve(choice, CpuFeatures.Current)]
                : CpuFeatures.Current.SupportsBf16 ? [TrainingPrecision.Fp32, TrainingPrecision.Bf16] : new[] { TrainingPrecision.Fp32 };
            output.WriteLine($"Machine: {MachineInfo.Describe()}; bf16 units: {CpuFeatures.Current.Bf16Units}; torch threads {TorchSharp.torch.get_num_threads()}; device {torchDevice.type}");
            var peaks = new[] { TrainingPrecision.Fp32 }.Union(precisions)
                .ToDictionary(p => p, p => ThroughputBenchmark.MeasurePeak(p, duration, torchDevice));
            output.WriteLine("Peak estimate (best of square matmuls 1024-4096 and 3x3 convolutions): " + string.Join("; ", peaks.Select(p => Invariant(
                $"{PrecisionChoice.NameOf(p.Key)} {p.Value.Gflops:F1} GFLOP/s (matmul {p.Value.MatmulGflops:F1}, convolution {p.Value.ConvolutionGflops:F1})"))));
            output.WriteLine();
            output.WriteLine("model         params  MFLOP/img"
                + string.Concat(precisions.Select(p => $"  {PrecisionChoice.NameOf(p)} train img/s  GFLOP/s (% peak)"))
                + (precisions.Length > 1 ? "  bf16/fp32" : "")
                + "  infer img/s  GFLOP/s (% fp32 peak)");
            foreach (var spec in CliOptions.ResolveModels(parse.GetValue(model)!))
            {
                var r = ThroughputBenchmark.Measure(spec.Id, precisions, trainingBatch, 256, duration, torchDevice);
                var training = string.Concat(precisions.Select(p => Invariant(
                    $"  {r.TrainingImagesPerSecond[p],16:F0} {r.TrainingGflops(p),9:F1} ({100 * r.TrainingGflops(p) / peaks[p].Gflops,4:F0}%)")));
                var speedUp = precisions.Length > 1
                    ? Invariant($"  {r.TrainingImagesPerSecond[precisions[1]] / r.TrainingImagesPerSecond[precisions[0]],8:F2}x")
                    : "";
                output.WriteLine(Invariant(
                    $"{r.ModelId,-12} {r.ParameterCount,8} {r.ForwardFlopsPerImage / 1e6,10:F1}{training}{speedUp}  {r.InferenceImagesPerSecond,11:F0} {r.InferenceGflops,8:F1} ({100 * r.InferenceGflops / peaks[TrainingPrecision.Fp32].Gflops,4:F0}%)"));
                output.Flush();
            }

            output.WriteLine(Invariant($"Training batch {trainingBatch} (AdamW step, float32 loss and weights), float32 inference batch 256, random images, {duration.TotalSeconds:F0} s per measurement;"));
            output.WriteLine(Invariant($"training is the best of {ThroughputBenchmark.ComparisonRounds} rounds in which the precisions take turns."));
            output.WriteLine("FLOPs count direct convolution and dense multiply-adds (x2), training as 3x forward, in the layers and in the peak alike.");
            output.WriteLine("Each precision's share is of its own peak; bf16 training (convolutions in channels-last layout) includes refreshing the bf16 copy and returning float32 gradients.");
            return 0;
        });
        return command;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
