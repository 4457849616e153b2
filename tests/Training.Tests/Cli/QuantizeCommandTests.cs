using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Cli;

public sealed class QuantizeCommandTests
{
    [Fact]
    public void Quantizing_prints_fp32_and_int8_accuracy_side_by_side_and_shows_progress_apart_from_them()
    {
        using var directory = new TemporaryDirectory();
        UntrainedModels.Save(directory.Path, "nn");

        var exported = TrainingCli.Run(["export", "--model", "nn", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory], new StringWriter(), new StringWriter());
        Assert.Equal(0, exported);

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TrainingCli.Run(
            ["quantize", "--model", "nn", "--calibration-images", "200", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory], output, error);

        Assert.True(exitCode == 0, error.ToString());
        Assert.Matches(@"nn\s+mnist-test\s+0\.\d{4}\s+0\.\d{4}\s+[+-]?\d+\.\d\d pt", output.ToString());
        Assert.Contains("nn fp32 on mnist-test: 10000/10000 images in ", error.ToString());
        Assert.Contains("nn int8 on mnist-test: 10000/10000 images in ", error.ToString());
        Assert.DoesNotContain("images in", output.ToString());
    }
}
