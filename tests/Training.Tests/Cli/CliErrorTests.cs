using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Tests.Support;
using static MnistBlazor.Training.Tests.Support.CliRun;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Training.Tests.Cli;

public sealed class CliErrorTests
{
    [Fact]
    public void Unknown_model_is_a_usage_error_naming_the_known_models()
    {
        var (exitCode, _, error) = Run("train", "--model", "resnet");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown model 'resnet'", error);
        Assert.Contains("simple-cnn", error);
    }

    [Theory]
    [InlineData("--epochs", "ten", "--epochs must be a positive whole number; got 'ten'")]
    [InlineData("--epochs", "0", "--epochs must be a positive whole number; got '0'")]
    [InlineData("--lr", "-0.1", "--lr must be a positive number; got '-0.1'")]
    [InlineData("--validation-split", "1", "--validation-split must be at least 0 and below 1; got '1'")]
    [InlineData("--optimizer", "sgd", "'sgd' not recognized")]
    [InlineData("--precision", "fp16", "'fp16' not recognized")]
    [InlineData("--seed", "abc", "--seed must be a whole number; got 'abc'")]
    [InlineData("--seed", "4.5", "--seed must be a whole number; got '4.5'")]
    public void Bad_values_are_usage_errors_that_name_the_option(string option, string value, string expected)
    {
        var (exitCode, _, error) = Run("train", "--model", "nn", option, value);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Missing_data_directory_says_how_to_get_the_data()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, _, error) = Run("train", "--model", "nn", "--data-dir", directory.File("nothing-here"), "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("No MNIST data", error);
        Assert.Contains(TrainingCommand.For("data"), error);
    }

    [Theory]
    [InlineData("train", "--models-dir")]
    [InlineData("train", "--data-dir")]
    [InlineData("evaluate", "--models-dir")]
    [InlineData("data", "--data-dir")]
    public void A_file_where_a_folder_belongs_is_a_usage_error_naming_the_option(string command, string option)
    {
        using var directory = new TemporaryDirectory();
        var file = directory.File("a-file");
        File.WriteAllText(file, "not a folder");

        var (exitCode, _, error) = Run(command, option, file);

        Assert.Equal(TrainingCli.UsageExitCode, exitCode);
        Assert.Contains($"error: {option}: {file} is a file; it must be a folder (made when missing).", error);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void A_models_folder_that_cannot_be_written_is_an_error_naming_it_not_a_crash()
    {
        using var directory = new TemporaryDirectory();
        var blocker = directory.File("a-file");
        File.WriteAllText(blocker, "not a folder");
        var models = Path.Combine(blocker, "models");

        var (exitCode, _, error) = Run("train", "--model", "nn", "--epochs", "1", "--models-dir", models, "--data-dir", TestData.DataDirectory);

        Assert.Equal(TrainingCli.FailureExitCode, exitCode);
        Assert.StartsWith("error: ", error);
        Assert.Contains(models, error);
        Assert.DoesNotContain(" at ", error); // no stack trace
    }

    [Fact]
    public void A_data_folder_that_cannot_be_made_is_refused_before_anything_is_fetched()
    {
        using var directory = new TemporaryDirectory();
        var blocker = directory.File("a-file");
        File.WriteAllText(blocker, "not a folder");
        var data = Path.Combine(blocker, "data");

        var (exitCode, _, error) = Run("data", "--data-dir", data);

        Assert.Equal(TrainingCli.UsageExitCode, exitCode);
        Assert.Contains($"error: {Path.Combine(data, "mnist")}: the folder for the MNIST files cannot be created", error);
    }

    [Fact]
    public void Cuda_on_a_machine_without_it_is_a_clear_usage_error()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, _, error) = Run("train", "--model", "nn", "--device", "cuda", "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("--device cuda", error);
    }

    [Fact]
    public void Resume_without_a_checkpoint_is_a_usage_error()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, _, error) = Run("train", "--model", "nn", "--resume", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains("no checkpoint to resume", error);
    }

    [Fact]
    public void Evaluating_an_untrained_model_says_how_to_train_it()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains(TrainingCommand.For("train --model nn"), error);
    }

    [Fact]
    public void Quantizing_a_model_without_model_onnx_says_how_to_export_it()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, _, error) = Run("quantize", "--model", "nn", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains(TrainingCommand.For("export --model nn"), error);
    }

    [Fact]
    public void Quantizing_with_no_calibration_images_is_a_usage_error()
    {
        var (exitCode, _, error) = Run("quantize", "--calibration-images", "0");

        Assert.Equal(2, exitCode);
        Assert.Contains("--calibration-images must be a positive whole number; got '0'", error);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("submit")]
    [InlineData("export")]
    [InlineData("quantize")]
    [InlineData("benchmark")]
    public void Every_command_has_help(string command)
    {
        var (exitCode, output, _) = Run(command, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains($"{command} [options]", output);
    }
}
