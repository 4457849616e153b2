using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>What the evidence-benchmark verb measures and prints (not how fast: the numbers are in docs/benchmarks).</summary>
public sealed class EvidenceBenchmarkTests(ExportedArchitecturesTests.ExportedModels exported) : IClassFixture<ExportedArchitecturesTests.ExportedModels>
{
    [Fact]
    public void The_verb_table_dispatches_evidence_benchmark_to_it()
    {
        Assert.Equal(EvidenceBenchmark.Run, BenchmarkVerbs.WithModels[EvidenceBenchmark.Verb]);
        Assert.Equal(InferenceBenchmark.Run, BenchmarkVerbs.WithModels[InferenceBenchmark.Verb]);
    }

    [Fact]
    public void It_times_the_layer_views_of_each_cnn_after_the_evidence_maps_and_says_what_each_showed()
    {
        using var served = ServedModels.On(exported.Models.Directory, new ModelsOptions().ReloadDelay);
        using var services = new ServiceCollection().AddLogging().AddSingleton(served.Registry).BuildServiceProvider();
        var output = new StringWriter();

        var exitCode = EvidenceBenchmark.Run(services, ["--iterations", "10"], output);

        Assert.Equal(0, exitCode);
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Contains("Layer views of simple-cnn: 2 image blocks, 0 quadrant blocks", lines);
        Assert.Contains("Layer views of cnn-quad: 3 image blocks, 2 quadrant blocks", lines);
        var table = lines.SkipWhile(line => !line.StartsWith("Layer views, one model after the other", StringComparison.Ordinal)).Skip(2).ToArray();
        Assert.Equal(["simple-cnn", "cnn-proj", "cnn-quad", "all layer views"], table.Where(line => line.Length > 0).Select(line => line[..28].Trim()));
        var evidenceEnd = Array.FindIndex(lines, line => line.StartsWith("all maps", StringComparison.Ordinal));
        Assert.InRange(evidenceEnd, 0, Array.FindIndex(lines, line => line.StartsWith("Layer views", StringComparison.Ordinal)) - 1);
        Assert.StartsWith("How much of the ink the maps colour: not measured", lines[evidenceEnd + 1]);
    }
}
