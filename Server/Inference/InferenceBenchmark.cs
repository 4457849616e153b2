using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Api;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// <c>MnistBlazor.Server benchmark [--iterations N]</c>: times the server's own inference path
/// (all four models plus the ensemble on one image, one request at a time, the models run as
/// <see cref="ModelsOptions.Concurrency"/> says) and prints percentiles.
/// <c>benchmark --clients N [--seconds S]</c>: N concurrent clients classify as fast as they can, without
/// and with batching (<see cref="ModelsOptions.MaxBatchSize"/> 1 and the configured size, taking turns in 3
/// rounds, each setting's best round kept), and prints the throughput and latency of each.
/// </summary>
public static class InferenceBenchmark
{
    public const string Verb = "benchmark";

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Contains("--clients"))
        {
            return ReadPositive(args, "--clients", null, output) is { } clients && ReadPositive(args, "--seconds", 5, output) is { } seconds
                ? RunConcurrent(services, clients, TimeSpan.FromSeconds(seconds), output)
                : 2;
        }

        if (ReadIterations(args, 2000, output) is not { } iterations)
        {
            return 2;
        }

        var classifier = services.GetRequiredService<OnnxDigitClassifier>();
        if (ReportReady(classifier.Models, services, output) is not { } ready)
        {
            return 1;
        }

        var image = SampleImage();
        for (var i = 0; i < 50; i++)
        {
            classifier.Classify(image); // warm-up: first runs allocate and optimise
        }

        var totals = new double[iterations];
        var perModel = ready.ToDictionary(id => id, _ => new double[iterations]);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            var classification = classifier.Classify(image);
            totals[i] = watch.Elapsed.TotalMilliseconds;
            foreach (var verdict in classification.Verdicts.Where(v => perModel.ContainsKey(v.ModelId)))
            {
                perModel[verdict.ModelId][i] = verdict.InferenceTime.TotalMilliseconds;
            }
        }

        output.WriteLine($"Iterations: {iterations}, one image each, on {Environment.ProcessorCount} logical cores ({Environment.OSVersion})");
        output.WriteLine($"Models:Concurrency = {services.GetRequiredService<IOptions<ModelsOptions>>().Value.Concurrency} (side by side, the ensemble row is the sum of its members' times, not time waited)");
        output.WriteLine(Header);
        foreach (var (id, times) in perModel)
        {
            output.WriteLine(Row(id, times));
        }

        output.WriteLine(Row("all models + ensemble", totals));
        return 0;
    }

    private static int RunConcurrent(IServiceProvider services, int clients, TimeSpan duration, TextWriter output)
    {
        var registry = services.GetRequiredService<ModelRegistry>();
        var configured = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        var logger = services.GetRequiredService<ILogger<OnnxDigitClassifier>>();
        if (ReportReady(registry.Statuses, services, output) is null)
        {
            return 1;
        }

        var batchSizes = new[] { 1, Math.Max(2, configured.MaxBatchSize) };
        var best = new Dictionary<int, (double PerSecond, double[] Latencies)>();
        var image = SampleImage();
        for (var round = 0; round < 3; round++)
        {
            foreach (var batchSize in batchSizes)
            {
                using var classifier = new OnnxDigitClassifier(
                    registry, logger, Options.Create(new ModelsOptions { Concurrency = configured.Concurrency, MaxBatchSize = batchSize }),
                    cores: services.GetRequiredService<InferenceCores>());
                var (perSecond, latencies) = Load(classifier, image, clients, duration);
                if (!best.TryGetValue(batchSize, out var previous) || perSecond > previous.PerSecond)
                {
                    best[batchSize] = (perSecond, latencies);
                }
            }
        }

        output.WriteLine($"{clients} concurrent clients, {duration.TotalSeconds:0} s per round, 3 rounds taking turns (best round kept), on {Environment.ProcessorCount} logical cores");
        output.WriteLine($"{"Models:MaxBatchSize",-28} {"images/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var (batchSize, (perSecond, latencies)) in best)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batchSize,-28} {perSecond,8:0.0} ") + Row("", latencies)[29..]);
        }

        return 0;
    }

    /// <summary>
    /// Clients classify one after another until the time is up, each pausing <paramref name="pause"/> after every answer
    /// (a person drawing the next stroke); returns classifications per second and each one's latency (ms).
    /// </summary>
    internal static (double PerSecond, double[] Latencies) Load(
        OnnxDigitClassifier classifier, float[] image, int clients, TimeSpan duration, TimeSpan pause = default)
    {
        for (var i = 0; i < 10; i++)
        {
            classifier.ClassifyAsync(image).GetAwaiter().GetResult(); // warm-up
        }

        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                await classifier.ClassifyAsync(image);
                latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause);
                }
            }
        })).ToArray();
        Task.WaitAll(workers);
        return (latencies.Count / clock.Elapsed.TotalSeconds, [.. latencies]);
    }

    /// <summary><c>--iterations N</c> (at least 10), <paramref name="fallback"/> without it; null (said on <paramref name="output"/>) when invalid.</summary>
    internal static int? ReadIterations(IReadOnlyList<string> args, int fallback, TextWriter output) =>
        ReadWholeNumber(args, "--iterations", 10, fallback, output);

    internal static int? ReadPositive(IReadOnlyList<string> args, string name, int? fallback, TextWriter output) =>
        ReadWholeNumber(args, name, 1, fallback, output);

    internal static int? ReadNonNegative(IReadOnlyList<string> args, string name, int? fallback, TextWriter output) =>
        ReadWholeNumber(args, name, 0, fallback, output);

    /// <summary>The whole number after <paramref name="name"/>, at least <paramref name="minimum"/>; <paramref name="fallback"/> without the option; null (said on <paramref name="output"/>) when invalid.</summary>
    private static int? ReadWholeNumber(IReadOnlyList<string> args, string name, int minimum, int? fallback, TextWriter output)
    {
        var at = args.ToList().IndexOf(name);
        if (at < 0)
        {
            return fallback;
        }

        if (at + 1 < args.Count && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        output.WriteLine($"{name} needs a whole number of at least {minimum}; got '{(at + 1 < args.Count ? args[at + 1] : "")}'.");
        return null;
    }

    /// <summary>Prints the models directory and the ready models; null (said on <paramref name="output"/>) when none is ready.</summary>
    internal static string[]? ReportReady(IReadOnlyList<ModelStatus> models, IServiceProvider services, TextWriter output)
    {
        var ready = models.Where(m => m.IsReady).Select(m => m.ModelId).ToArray();
        var registry = services.GetRequiredService<ModelRegistry>();
        var options = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        output.WriteLine($"Models directory: {registry.ModelsDirectory}"); // the operator's console: the full path
        output.WriteLine($"Models:Precision = {options.Precision} (int8 file wanted: {(options.PrefersInt8 ? "yes" : "no")}; int8 faster on this CPU: {(ModelPrecisions.Int8IsFaster ? "yes" : "no")}; VNNI int8 dot products: {(ModelPrecisions.CpuHasInt8DotProducts ? "yes" : "no")})");
        output.WriteLine($"Ready: {(ready.Length == 0 ? "none" : string.Join(", ", ready.Select(id => registry.ServedFile(id) is { } file ? $"{id} ({file})" : id)))}");
        if (ready.Length == 0)
        {
            output.WriteLine("Nothing to measure: train or export models first.");
            return null;
        }

        return ready;
    }

    /// <summary>The heading of <see cref="Row"/>'s columns.</summary>
    internal static readonly string Header = $"{"",-28} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}";

    /// <summary>A table row of a benchmark: p50, p95, p99 and max of <paramref name="times"/> (milliseconds).</summary>
    internal static string Row(string name, double[] times)
    {
        var sorted = times.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} {Percentile(sorted, 0.50),8:0.000} {Percentile(sorted, 0.95),8:0.000} {Percentile(sorted, 0.99),8:0.000} {sorted[^1],8:0.000}");
    }

    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>A drawn "7" through the real preprocessing, so the benchmark sees a typical input.</summary>
    internal static float[] SampleImage() => DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven).Pixels;
}
