using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>The benchmark verbs' arguments: a wrong one stops the verb before any model is loaded, saying which and why.</summary>
public sealed class BenchmarkVerbsTests
{
    [Theory]
    [InlineData(InferenceBenchmark.Verb, new[] { "--iterations", "9" }, "--iterations needs a whole number of at least 10; got '9'.")]
    [InlineData(InferenceBenchmark.Verb, new[] { "--iterations", "many" }, "--iterations needs a whole number of at least 10; got 'many'.")]
    [InlineData(InferenceBenchmark.Verb, new[] { "--iterations" }, "--iterations needs a whole number of at least 10; got ''.")]
    [InlineData(InferenceBenchmark.Verb, new[] { "--clients", "0" }, "--clients needs a whole number of at least 1; got '0'.")]
    [InlineData(InferenceBenchmark.Verb, new[] { "--clients", "4", "--seconds", "-1" }, "--seconds needs a whole number of at least 1; got '-1'.")]
    [InlineData(BackgroundLoadBenchmark.Verb, new[] { "--clients", "0" }, "--clients needs a whole number of at least 1; got '0'.")]
    [InlineData(BackgroundLoadBenchmark.Verb, new[] { "--seconds", "soon" }, "--seconds needs a whole number of at least 1; got 'soon'.")]
    [InlineData(BackgroundLoadBenchmark.Verb, new[] { "--pause-ms", "-5" }, "--pause-ms needs a whole number of at least 0; got '-5'.")]
    [InlineData(BackgroundLoadBenchmark.Verb, new[] { "--pause-ms" }, "--pause-ms needs a whole number of at least 0; got ''.")]
    [InlineData(FamiliarityBenchmark.Verb, new[] { "--pen" }, "Unknown argument: --pen; benchmark-familiarity takes no options.")]
    public void A_wrong_argument_is_named_and_nothing_runs(string verb, string[] args, string message)
    {
        using var noModels = new ServiceCollection().BuildServiceProvider();
        var output = new StringWriter();

        var exitCode = BenchmarkVerbs.WithModels[verb](noModels, args, output);

        Assert.Equal(2, exitCode);
        Assert.Equal(message, output.ToString().Trim());
    }
}
