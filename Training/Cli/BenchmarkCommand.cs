using System.CommandLine;
using System.Globalization;
using MnistBlazor.Training.Benchmarking;

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
        var command = new Command("benchmark", "Measure training and inference images/s of each architecture and the machine's peak GFLOP/s")
        {
            model, batchSize, seconds, threads, device,
        };
        command.SetAction(parse =>
        {
            var output = CommandOutput.From(parse).Output;
            var torchDevice = TorchSetup.Configure(parse.GetValue(device)!, parse.GetValue(threads));
            var duration = TimeSpan.FromSeconds(parse.GetValue(seconds) ?? 5);
            var trainingBatch = parse.GetValue(batchSize) ?? 128;
            output.WriteLine($"Machine: {MachineInfo.Describe()}; torch threads {TorchSharp.torch.get_num_threads()}; device {torchDevice.type}");
            var peak = ThroughputBenchmark.MatmulPeakGflops(duration, torchDevice);
            output.WriteLine(Invariant($"Peak estimate: {peak:F1} GFLOP/s (best float32 square matmul, 1024-4096)"));
            output.WriteLine();
            output.WriteLine("model         params  MFLOP/img  train img/s  train GFLOP/s (% peak)  infer img/s  infer GFLOP/s (% peak)");
            foreach (var spec in CliOptions.ResolveModels(parse.GetValue(model)!))
            {
                var r = ThroughputBenchmark.Measure(spec.Id, trainingBatch, 256, duration, torchDevice);
                output.WriteLine(Invariant(
                    $"{r.ModelId,-12} {r.ParameterCount,8} {r.ForwardFlopsPerImage / 1e6,10:F1} {r.TrainingImagesPerSecond,12:F0} {r.TrainingGflops,14:F1} ({100 * r.TrainingGflops / peak,4:F0}%) {r.InferenceImagesPerSecond,12:F0} {r.InferenceGflops,14:F1} ({100 * r.InferenceGflops / peak,4:F0}%)"));
                output.Flush();
            }

            output.WriteLine(Invariant($"Training batch {trainingBatch}, inference batch 256, random images, {duration.TotalSeconds:F0} s per measurement."));
            output.WriteLine("FLOPs count direct convolution and dense multiply-adds (x2), training as 3x forward; oneDNN's convolution");
            output.WriteLine("algorithms can need fewer operations than that, so a share above 100% of the matmul peak is possible.");
            return 0;
        });
        return command;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
