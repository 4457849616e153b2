using MnistBlazor.Shared.PenDigits;
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

    [Fact]
    public void With_the_pen_digits_and_their_variations_each_way_of_writing_them_gets_its_fp32_and_int8_line()
    {
        using var directory = new TemporaryDirectory();
        UntrainedModels.Save(directory.Path, "nn");
        Assert.Equal(0, TrainingCli.Run(["export", "--model", "nn", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory], new StringWriter(), new StringWriter()));
        var excerpt = Path.Combine(AppContext.BaseDirectory, "PenDigits", "TestData", "pen-digits-excerpt.tes");

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TrainingCli.Run(
            ["quantize", "--model", "nn", "--calibration-images", "200", "--pen-digits", excerpt, "--variations", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory],
            output, error);

        Assert.True(exitCode == 0, error.ToString());
        var sets = output.ToString().Split('\n').Where(line => line.StartsWith("nn ", StringComparison.Ordinal)).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToArray();
        Assert.Equal(["mnist-test", PenDigitSet.DatasetName, .. PenDigitVariation.Standard.Skip(1).Select(v => v.Name)], sets);
    }

    [Fact]
    public void Variations_without_pen_digits_are_refused_before_anything_is_written()
    {
        using var directory = new TemporaryDirectory();
        UntrainedModels.Save(directory.Path, "nn");
        Assert.Equal(0, TrainingCli.Run(["export", "--model", "nn", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory], new StringWriter(), new StringWriter()));
        var int8 = Path.Combine(directory.Path, "nn", "model.int8.onnx");
        var written = File.GetLastWriteTimeUtc(int8);

        var error = new StringWriter();
        var exitCode = TrainingCli.Run(["quantize", "--model", "nn", "--variations", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory], new StringWriter(), error);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--variations writes the pen digits differently, so it needs --pen-digits FILE.", error.ToString());
        Assert.Equal(written, File.GetLastWriteTimeUtc(int8));
    }
}
