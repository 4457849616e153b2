using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;
using static MnistBlazor.Training.Tests.Support.CliRun;

namespace MnistBlazor.Training.Tests.Drawings;

public sealed class EvaluateDrawingsTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    private string DatabasePath => directory.File("drawings.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    /// <summary>Saves drawn digits with their true labels; returns their images as the server stored them.</summary>
    private LabeledImages SaveDrawings(int count)
    {
        using var store = DrawingStore.Open(DatabasePath);
        return SavedDigits.Save(store, count);
    }

    [Fact]
    public void Evaluate_on_the_saved_drawings_writes_their_metrics_beside_the_MNIST_ones()
    {
        var images = SaveDrawings(12);
        var models = directory.File("models");
        var files = ModelFiles.For(models, ModelCatalog.Nn);
        random.manual_seed(3);
        using (var model = ModelFactory.Create(ModelCatalog.Nn.Id))
        {
            ModelStore.SaveWeights(model, files);
        }

        var (exitCode, output, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-db", DatabasePath, "--models-dir", models);

        Assert.True(exitCode == 0, error);
        var metrics = RecordFile.Read<TestMetrics>(EvaluateCommand.DrawingsMetricsPath(files));
        Assert.Equal(SavedDrawing.DatasetName, metrics.Dataset);
        Assert.Equal(12, metrics.Count);
        var expected = TestMetrics.Compute("nn", SavedDrawing.DatasetName, images.Labels!,
            SoftVote.Probabilities([ModelCatalog.Nn], models, images, CPU), DateTimeOffset.UnixEpoch);
        Assert.Equal(expected.Accuracy, metrics.Accuracy);
        Assert.Equal(expected.Confusion, metrics.Confusion);
        Assert.Contains("my-drawings: accuracy", output);
        Assert.Contains("MNIST test: not evaluated yet", output);
        Assert.Contains("per digit:", output);
        var misread = expected.Misclassified.Select(m => $"#{m.Index + 1} ({m.TrueLabel} -> {m.PredictedLabel})").Take(20).ToArray();
        Assert.NotEmpty(misread);
        Assert.Contains("misread: " + string.Join(", ", misread), output);
        Assert.False(File.Exists(files.Metrics), "the MNIST metrics file is not the drawings' one");
    }

    [Fact]
    public void Without_a_drawings_database_it_says_how_to_collect_drawings_and_creates_nothing()
    {
        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-db", DatabasePath, "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains($"No saved drawings: {DatabasePath} does not exist", error);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public void An_empty_collection_is_a_usage_error()
    {
        SaveDrawings(0);

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-db", DatabasePath, "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("holds no saved drawings yet", error);
    }

    [Fact]
    public void A_foreign_database_is_refused_by_name_and_left_untouched()
    {
        var bytes = new byte[4096];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(DatabasePath, bytes);

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-db", DatabasePath, "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains(DatabasePath, error);
        Assert.Equal(bytes, File.ReadAllBytes(DatabasePath));
    }

    [Fact]
    public void Csv_and_drawings_together_are_a_usage_error()
    {
        var csv = directory.File("train.csv");
        File.WriteAllText(csv, KaggleCsv.TrainHeader + "\n");

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--drawings", "--csv", csv, "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("give one of them", error);
    }
}
