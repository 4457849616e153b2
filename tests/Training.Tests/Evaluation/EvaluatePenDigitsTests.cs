using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;
using static MnistBlazor.Training.Tests.Support.CliRun;

namespace MnistBlazor.Training.Tests.Evaluation;

public sealed class EvaluatePenDigitsTests : IDisposable
{
    private static readonly string ExcerptPath = Path.Combine(AppContext.BaseDirectory, "PenDigits", "TestData", "pen-digits-excerpt.tes");

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private string SaveUntrainedModels(params ModelSpec[] specs)
    {
        var models = directory.File("models");
        random.manual_seed(11);
        foreach (var spec in specs)
        {
            using var model = ModelFactory.Create(spec.Id);
            ModelStore.SaveWeights(model, ModelFiles.For(models, spec));
        }

        return models;
    }

    [Fact]
    public void Each_model_and_the_ensemble_get_pen_digit_metrics_from_the_digits_drawn_as_on_the_pad()
    {
        var models = SaveUntrainedModels([.. ModelCatalog.All]);

        var (exitCode, output, error) = Run("evaluate", "--model", "nn,ensemble", "--pen-digits", ExcerptPath, "--models-dir", models);

        Assert.True(exitCode == 0, error);
        var set = PenDigitSet.Load(ExcerptPath);
        var images = set.Render();
        foreach (var (id, members) in new[] { ("nn", (IReadOnlyList<ModelSpec>)[ModelCatalog.Nn]), (ModelCatalog.EnsembleId, Ensemble.Members) })
        {
            var metrics = RecordFile.Read<TestMetrics>(new ModelFiles(models, id).MetricsOn(PenDigitSet.DatasetName));
            var expected = TestMetrics.Compute(id, PenDigitSet.DatasetName, images.Labels!,
                SoftVote.Probabilities(members, models, images, CPU), DateTimeOffset.UnixEpoch);
            Assert.Equal(PenDigitSet.DatasetName, metrics.Dataset);
            Assert.Equal(20, metrics.Count);
            Assert.Equal(expected.Accuracy, metrics.Accuracy);
            Assert.Equal(expected.Confusion, metrics.Confusion);
            Assert.Equal(expected.Misclassified.Select(m => m.Index), metrics.Misclassified.Select(m => m.Index));
            Assert.Contains($"{id,-12} pen-digits: accuracy", output);
        }

        Assert.Contains("20 pen-drawn digits by 4 writers", output);
        Assert.Contains("confusion (rows: true digit, columns: predicted)", output);
        Assert.Contains("per writer: w1: ", output);
        Assert.Contains("median stroke width in what the models see: ", output);
        var nnMetrics = RecordFile.Read<TestMetrics>(new ModelFiles(models, "nn").MetricsOn(PenDigitSet.DatasetName));
        var first = nnMetrics.Misclassified[0];
        Assert.Contains($"#{first.Index}: {first.TrueLabel}->{first.PredictedLabel}", output);
        Assert.False(File.Exists(new ModelFiles(models, "nn").Metrics), "the MNIST metrics file is not the pen digits' one");
    }

    [Fact]
    public void Variations_print_each_models_accuracy_on_the_digits_written_each_way()
    {
        var models = SaveUntrainedModels([.. ModelCatalog.All]);

        var (exitCode, output, error) = Run("evaluate", "--model", "nn,ensemble", "--pen-digits", ExcerptPath, "--variations", "--models-dir", models);

        Assert.True(exitCode == 0, error);
        var set = PenDigitSet.Load(ExcerptPath);
        var lines = output.Split('\n').Select(line => line.TrimEnd()).ToArray();
        var header = Array.FindIndex(lines, line => line.StartsWith("the same digits written differently", StringComparison.Ordinal));
        Assert.True(header >= 0, output);
        Assert.Matches(@"^\s+nn\s+ensemble$", lines[header + 1]);
        var asWritten = new double[2];
        for (var v = 0; v < PenDigitVariation.Standard.Count; v++)
        {
            var variation = PenDigitVariation.Standard[v];
            var images = set.Render(variation);
            var expected = new[] { (IReadOnlyList<ModelSpec>)[ModelCatalog.Nn], Ensemble.Members }
                .Select(members => TestMetrics.Compute("m", "v", images.Labels!, SoftVote.Probabilities(members, models, images, CPU), DateTimeOffset.UnixEpoch).Accuracy)
                .ToArray();
            if (v == 0)
            {
                asWritten = expected;
            }

            var row = lines[header + 2 + v];
            Assert.StartsWith(variation.Description, row);
            var cells = expected.Select((accuracy, m) => v == 0
                ? FormattableString.Invariant($"{accuracy:F4}")
                : FormattableString.Invariant($"{accuracy:F4} ({(accuracy >= asWritten[m] ? "+" : "-")}{Math.Abs(accuracy - asWritten[m]) * 100:F2})"));
            Assert.Matches(string.Join(@"\s+", cells.Select(System.Text.RegularExpressions.Regex.Escape)) + "$", row);
        }

        Assert.StartsWith("mean of the variations", lines[header + 2 + PenDigitVariation.Standard.Count]);
    }

    [Fact]
    public void Variations_without_pen_digits_are_refused()
    {
        var models = SaveUntrainedModels(ModelCatalog.Nn);

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--variations", "--models-dir", models);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--variations writes the pen digits differently, so it needs --pen-digits FILE.", error);
    }

    [Fact]
    public void A_malformed_pen_digit_file_is_refused_with_its_line()
    {
        var models = SaveUntrainedModels(ModelCatalog.Nn);
        var file = directory.File("broken.tes");
        File.WriteAllText(file, ".SEGMENT DIGIT 0 ? \"7\"\n.PEN_DOWN\n10 20\n11 oops\n.PEN_UP\n");

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--pen-digits", file, "--models-dir", models);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("broken.tes line 4", error);
        Assert.Contains("is not a point", error);
    }

    [Fact]
    public void A_long_list_of_mistakes_is_cut_short_on_the_console_and_kept_whole_in_the_metrics_file()
    {
        var models = SaveUntrainedModels(ModelCatalog.Nn);
        var excerpt = File.ReadAllText(ExcerptPath);
        var firstDigit = excerpt.IndexOf(".SEGMENT", StringComparison.Ordinal);
        var file = directory.File("many.tes");
        File.WriteAllText(file, excerpt + string.Concat(Enumerable.Repeat(excerpt[firstDigit..], 5)));

        var (exitCode, output, error) = Run("evaluate", "--model", "nn", "--pen-digits", file, "--models-dir", models);

        Assert.True(exitCode == 0, error);
        var metrics = RecordFile.Read<TestMetrics>(new ModelFiles(models, "nn").MetricsOn(PenDigitSet.DatasetName));
        Assert.Equal(120, metrics.Count);
        Assert.True(metrics.Misclassified.Count > 64, $"an untrained NN got only {metrics.Misclassified.Count} of 120 wrong");
        Assert.Contains($"... and {metrics.Misclassified.Count - 64} more, every one in the metrics file", output);
        Assert.Contains($"#{metrics.Misclassified[63].Index}: ", output);
        Assert.DoesNotContain($"#{metrics.Misclassified[64].Index}: ", output);
    }

    [Fact]
    public void Only_one_set_can_be_measured_at_a_time()
    {
        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--pen-digits", ExcerptPath, "--drawings", "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("give one of them", error);
    }
}
