using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Records;

public sealed class RecordFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("records-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void History_round_trips_with_keras_style_field_names()
    {
        var history = new TrainingHistory
        {
            ModelId = "simple-cnn",
            Recipe = "modern",
            Status = RunStatus.Running,
            TotalEpochs = 3,
            StartedAt = Noon,
            UpdatedAt = Noon,
            Progress = new RunProgress(2, 3, 6400, 48000, 201.5, 207.2, Noon),
        }.WithEpoch(new EpochRecord(1, 0.21, 0.94, 0.08, 0.975, 0.001, 240.5, 199.6), Noon);
        var path = Path.Combine(_directory, "history.json");

        RecordFile.Write(path, history);
        var json = File.ReadAllText(path);
        var back = RecordFile.Read<TrainingHistory>(path);

        Assert.Contains("\"val_loss\": 0.08", json);
        Assert.Contains("\"val_accuracy\": 0.975", json);
        Assert.Contains("\"status\": \"running\"", json);
        Assert.Contains("\"schema_version\": 1", json);
        Assert.DoesNotContain("last_epoch", json);
        Assert.DoesNotContain("epoch_fraction", json);
        Assert.Equal(history.Epochs, back.Epochs);
        Assert.Null(back.Progress);
        Assert.Equal(RunStatus.Running, back.Status);
        Assert.Equal(0.975, back.LastEpoch!.ValAccuracy);
    }

    [Fact]
    public void WithEpoch_replaces_an_epoch_recorded_twice()
    {
        var history = new TrainingHistory { ModelId = "nn", Recipe = "modern" }
            .WithEpoch(new EpochRecord(1, 1, 0.5, null, null, 0.1, 1, 1), Noon)
            .WithEpoch(new EpochRecord(1, 0.9, 0.6, null, null, 0.1, 1, 1), Noon);

        Assert.Equal(0.6, Assert.Single(history.Epochs).Accuracy);
    }

    [Fact]
    public void Card_round_trips()
    {
        var card = new ModelCard
        {
            ModelId = "nn",
            DisplayName = "NN",
            Architecture = "Flatten -> Dense 280 -> Dense 28 -> Dense 10",
            ParameterCount = 227_920,
            Recipe = new TrainingRecipe("modern", "adamw", 0.003, "one-cycle", 128, 20, true, 0.1, 42, null),
            DataSource = "mnist",
            DataChecksum = "ba891046",
            EpochsCompleted = 20,
            TrainingSeconds = 95.5,
            TrainedAt = Noon,
        };
        var path = Path.Combine(_directory, "card.json");

        RecordFile.Write(path, card);

        var back = RecordFile.Read<ModelCard>(path);
        Assert.Equal(card, back);
    }

    [Fact]
    public void A_newer_schema_version_is_refused_with_the_file_and_field()
    {
        var path = Path.Combine(_directory, "metrics.json");
        File.WriteAllText(path, """{ "schema_version": 7, "model_id": "nn" }""");

        var error = Assert.Throws<DataFileException>(() => RecordFile.Read<TestMetrics>(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal("schema_version", error.Field);
        Assert.Contains("schema version 7", error.Message);
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void A_record_without_schema_version_is_refused()
    {
        var path = Path.Combine(_directory, "card.json");
        File.WriteAllText(path, """{ "model_id": "nn" }""");

        var error = Assert.Throws<DataFileException>(() => RecordFile.Read<ModelCard>(path));

        Assert.Contains("schema_version", error.Message);
    }

    [Fact]
    public void Broken_json_names_the_line()
    {
        var path = Path.Combine(_directory, "history.json");
        File.WriteAllText(path, "{\n  \"schema_version\": 1,\n  \"model_id\": \"nn\",\n  \"recipe\": oops\n}");

        var error = Assert.Throws<DataFileException>(() => RecordFile.Read<TrainingHistory>(path));

        Assert.Equal(4, error.Line);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_missing_required_field_is_refused()
    {
        var path = Path.Combine(_directory, "history.json");
        File.WriteAllText(path, """{ "schema_version": 1, "model_id": "nn" }""");

        var error = Assert.Throws<DataFileException>(() => RecordFile.Read<TrainingHistory>(path));

        Assert.Contains("recipe", error.Message);
    }

    [Fact]
    public void ReadIfExists_returns_null_for_a_missing_file()
    {
        Assert.Null(RecordFile.ReadIfExists<TestMetrics>(Path.Combine(_directory, "absent.json")));
    }

    [Fact]
    public void Writing_leaves_no_temporary_files_behind()
    {
        var path = Path.Combine(_directory, "nested", "history.json");

        for (var epoch = 1; epoch <= 3; epoch++)
        {
            RecordFile.Write(path, new TrainingHistory { ModelId = "nn", Recipe = "quick", TotalEpochs = epoch });
        }

        Assert.Equal(["history.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(3, RecordFile.Read<TrainingHistory>(path).TotalEpochs);
    }

    [Fact]
    public void A_record_read_if_readable_is_null_when_missing_or_damaged_and_read_otherwise()
    {
        var path = Path.Combine(_directory, "metrics.json");
        Assert.Null(RecordFile.ReadIfReadable<TestMetrics>(path));

        File.WriteAllText(path, "{ not json");
        Assert.Null(RecordFile.ReadIfReadable<TestMetrics>(path));
        Assert.Throws<DataFileException>(() => RecordFile.ReadIfExists<TestMetrics>(path));

        var metrics = TestMetrics.Compute("nn", "mnist-test", [1, 2], [.. new[] { 1, 3 }.SelectMany(d => Enumerable.Range(0, 10).Select(i => i == d ? 1f : 0f))], DateTimeOffset.UnixEpoch);
        RecordFile.Write(path, metrics);
        Assert.Equal(0.5, RecordFile.ReadIfReadable<TestMetrics>(path)!.Accuracy);
    }
}
