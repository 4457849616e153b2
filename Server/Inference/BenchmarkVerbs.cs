using MnistBlazor.Server.Api;
using MnistBlazor.Server.Insights;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// The server's benchmark verbs that measure the loaded models (<c>MnistBlazor.Server VERB [options]</c>):
/// each runs instead of the web app, after the models have loaded, and returns the process's exit code.
/// </summary>
public static class BenchmarkVerbs
{
    public static IReadOnlyDictionary<string, Func<IServiceProvider, IReadOnlyList<string>, TextWriter, int>> WithModels { get; } =
        new Dictionary<string, Func<IServiceProvider, IReadOnlyList<string>, TextWriter, int>>
        {
            [InferenceBenchmark.Verb] = InferenceBenchmark.Run,
            [EvidenceBenchmark.Verb] = EvidenceBenchmark.Run,
            [BackgroundLoadBenchmark.Verb] = BackgroundLoadBenchmark.Run,
            [PhotoBenchmark.Verb] = PhotoBenchmark.Run,
            [FamiliarityBenchmark.Verb] = FamiliarityBenchmark.Run,
        };
}
