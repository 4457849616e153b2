using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>The benchmark verb's arguments: a wrong one stops it before any model is loaded, saying which and why.</summary>
public sealed class InferenceBenchmarkTests
{
    [Theory]
    [InlineData(new[] { "--iterations", "9" }, "--iterations needs a whole number of at least 10; got '9'.")]
    [InlineData(new[] { "--iterations", "many" }, "--iterations needs a whole number of at least 10; got 'many'.")]
    [InlineData(new[] { "--iterations" }, "--iterations needs a whole number of at least 10; got ''.")]
    [InlineData(new[] { "--clients", "0" }, "--clients needs a whole number of at least 1; got '0'.")]
    [InlineData(new[] { "--clients", "4", "--seconds", "-1" }, "--seconds needs a whole number of at least 1; got '-1'.")]
    public void A_wrong_argument_is_named_and_nothing_runs(string[] args, string message)
    {
        using var noModels = new ServiceCollection().BuildServiceProvider();
        var output = new StringWriter();

        var exitCode = InferenceBenchmark.Run(noModels, args, output);

        Assert.Equal(2, exitCode);
        Assert.Equal(message, output.ToString().Trim());
    }
}
