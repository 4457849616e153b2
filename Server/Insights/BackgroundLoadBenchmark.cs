using System.Globalization;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// <c>MnistBlazor.Server benchmark-background [--clients N] [--seconds S] [--pause-ms P]</c>: how classifications fare
/// (each client classifying again as soon as it has its answer, or P ms after it, as a person drawing would) while the
/// comparison page's measurements run (the pen digits and every model's latency, measured over and over by a fresh
/// <see cref="ModelComparisonService"/>). Three settings take turns for 3 rounds (each one's best round kept): no
/// background work; the measurements on cores of their own (as before they shared the requests' cores: up to one
/// more session than there are cores); and the measurements on the requests' cores, behind them
/// (<see cref="InferenceCores"/>, what the server does). Prints the clients' throughput and latency and how many
/// pen-digit images the background measured per second.
/// </summary>
public static class BackgroundLoadBenchmark
{
    public const string Verb = "benchmark-background";

    private enum Background
    {
        None,
        OnOwnCores,
        BehindRequests,
    }

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (InferenceBenchmark.ReadPositive(args, "--clients", 1, output) is not { } clients
            || InferenceBenchmark.ReadPositive(args, "--seconds", 10, output) is not { } seconds
            || InferenceBenchmark.ReadNonNegative(args, "--pause-ms", 0, output) is not { } pauseMs)
        {
            return 2;
        }

        var registry = services.GetRequiredService<ModelRegistry>();
        if (InferenceBenchmark.ReportReady(registry.Statuses, services, output) is null)
        {
            return 1;
        }

        if (PenDigitsForCommands.ReadOrExplain(services, output, "No pen digits to measure in the background") is not { Images: { } penImages })
        {
            return 1;
        }

        // Once to the end first: the ensemble's MNIST metrics become current, so every later measurement is the pen digits and the latency.
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        NewComparison(services, services.GetRequiredService<InferenceCores>()).MeasureNowAsync().GetAwaiter().GetResult();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"First measurement, alone: {warmUp.Elapsed.TotalSeconds:0.0} s"));

        var duration = TimeSpan.FromSeconds(seconds);
        var best = new Dictionary<Background, (double PerSecond, double[] Latencies, double BackgroundPerSecond)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var background in Enum.GetValues<Background>())
            {
                var result = Measure(services, background, clients, duration, TimeSpan.FromMilliseconds(pauseMs), penImages.Count);
                if (!best.TryGetValue(background, out var previous) || result.PerSecond > previous.PerSecond)
                {
                    best[background] = result;
                }
            }
        }

        var configured = services.GetRequiredService<IOptions<ModelsOptions>>().Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clients} concurrent client{(clients == 1 ? "" : "s")}{(pauseMs > 0 ? $" pausing {pauseMs} ms after each answer" : "")}, {seconds} s per round, 3 rounds taking turns (best round kept), " +
            $"Models:MaxBatchSize {configured.MaxBatchSize}, on {Environment.ProcessorCount} logical cores; background: {penImages.Count} pen digits x each model, again and again"));
        output.WriteLine($"{"background measurements",-28} {"images/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"background images/s",20}");
        foreach (var (background, (perSecond, latencies, backgroundPerSecond)) in best)
        {
            var name = background switch
            {
                Background.None => "none",
                Background.OnOwnCores => "on cores of their own",
                _ => "behind requests",
            };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {perSecond,8:0.0} ")
                + InferenceBenchmark.Row("", latencies)[29..]
                + string.Create(CultureInfo.InvariantCulture, $" {backgroundPerSecond,20:0.0}"));
        }

        return 0;
    }

    private static (double PerSecond, double[] Latencies, double BackgroundPerSecond) Measure(
        IServiceProvider services, Background background, int clients, TimeSpan duration, TimeSpan pause, int penDigitCount)
    {
        var registry = services.GetRequiredService<ModelRegistry>();
        var requestCores = services.GetRequiredService<InferenceCores>();
        using var classifier = new OnnxDigitClassifier(
            registry,
            services.GetRequiredService<ILogger<OnnxDigitClassifier>>(),
            services.GetRequiredService<IOptions<ModelsOptions>>(),
            cores: requestCores);
        var image = InferenceBenchmark.SampleImage();
        using var stop = new CancellationTokenSource();
        var measuredImages = 0.0;
        var measuring = background == Background.None
            ? Task.CompletedTask
            : Task.Run(async () =>
            {
                var cores = background == Background.BehindRequests ? requestCores : new InferenceCores();
                var models = registry.Statuses.Count(s => s.IsReady);
                while (!stop.IsCancellationRequested)
                {
                    var comparison = NewComparison(services, cores);
                    var measurement = comparison.MeasureNowAsync();
                    while (!measurement.IsCompleted && !stop.IsCancellationRequested)
                    {
                        await Task.WhenAny(measurement, Task.Delay(50));
                    }

                    // A measurement cut short by the end of the round counts by its progress.
                    var done = measurement.IsCompleted ? 1 : comparison.PenDigitsEvaluation.Fraction;
                    measuredImages += done * penDigitCount * models; // read once the task has ended
                    await measurement; // the next round starts quiet
                }
            });

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (perSecond, latencies) = InferenceBenchmark.Load(classifier, image, clients, duration, pause);
        var elapsed = started.Elapsed;
        stop.Cancel();
        measuring.GetAwaiter().GetResult();
        return (perSecond, latencies, measuredImages / elapsed.TotalSeconds);
    }

    /// <summary>A comparison that knows no earlier measurement: it measures the latency and the pen digits again.</summary>
    private static ModelComparisonService NewComparison(IServiceProvider services, InferenceCores cores) => new(
        services.GetRequiredService<ModelRegistry>(),
        services.GetRequiredService<IMnistTestSet>(),
        services.GetRequiredService<IPenDigits>(),
        services.GetRequiredService<ILogger<ModelComparisonService>>(),
        cores);
}
