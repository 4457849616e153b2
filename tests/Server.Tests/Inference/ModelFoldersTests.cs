using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Inference;

public sealed class ModelFoldersTests
{
    [Fact]
    public async Task A_history_rewritten_each_epoch_is_seen_through_file_events()
    {
        using var models = new TestModels();
        // A poll interval far longer than the test: only the file events can make it pass.
        using var watcher = Folders(models.Directory, quietTime: TimeSpan.FromMilliseconds(50), pollInterval: TimeSpan.FromHours(1));
        var changes = 0;
        watcher.Changed += () => Interlocked.Increment(ref changes);
        Assert.True(History(watcher, "nn").IsMissing);

        WriteHistory(models.Directory, "nn", epochs: 1, RunStatus.Running);
        await Eventually.TrueAsync(() => History(watcher, "nn").Value?.Epochs.Count == 1);

        WriteHistory(models.Directory, "nn", epochs: 2, RunStatus.Completed);
        await Eventually.TrueAsync(() => History(watcher, "nn").Value?.Status == RunStatus.Completed);

        Assert.Equal(2, History(watcher, "nn").Value!.Epochs.Count);
        Assert.True(Volatile.Read(ref changes) >= 2);
    }

    [Fact]
    public async Task Polling_finds_changes_when_no_file_event_arrives()
    {
        using var models = new TestModels();
        // A quiet time far longer than the test: file events never lead to a read, only polling can.
        using var watcher = Folders(models.Directory, quietTime: TimeSpan.FromHours(1), pollInterval: TimeSpan.FromMilliseconds(100));

        WriteHistory(models.Directory, "cnn-proj", epochs: 3, RunStatus.Stopped);
        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-proj"), 3);

        await Eventually.TrueAsync(() => History(watcher, "cnn-proj").Value?.Status == RunStatus.Stopped);
        await Eventually.TrueAsync(() => watcher.Models.Single(m => m.ModelId == "cnn-proj").OnnxBytes == new FileInfo(models.OnnxPath("cnn-proj")).Length);
    }

    [Fact]
    public void A_corrupt_or_newer_schema_file_is_an_error_of_that_model_only()
    {
        using var models = new TestModels();
        WriteHistory(models.Directory, "nn", epochs: 2, RunStatus.Completed);
        var simple = new ModelFiles(models.Directory, "simple-cnn");
        Directory.CreateDirectory(simple.Directory);
        File.WriteAllText(simple.History, "{ \"schema_version\": 1, \"model_id\": ");
        var quad = new ModelFiles(models.Directory, "cnn-quad");
        Directory.CreateDirectory(quad.Directory);
        File.WriteAllText(quad.Metrics, "{ \"schema_version\": 7, \"model_id\": \"cnn-quad\" }");

        using var watcher = Folders(models.Directory, quietTime: TimeSpan.FromHours(1), pollInterval: TimeSpan.FromHours(1));

        Assert.Equal(2, History(watcher, "nn").Value!.Epochs.Count);
        Assert.StartsWith("simple-cnn/history.json", History(watcher, "simple-cnn").Error); // no server path
        Assert.DoesNotContain(models.Directory, History(watcher, "simple-cnn").Error);
        Assert.Contains("invalid JSON", History(watcher, "simple-cnn").Error);
        var quadMetrics = watcher.Models.Single(m => m.ModelId == "cnn-quad").Metrics;
        Assert.Contains("schema version 7, newer than this program reads (1)", quadMetrics.Error);
        Assert.True(History(watcher, "cnn-quad").IsMissing);
        Assert.True(watcher.Models.Single(m => m.ModelId == "nn").Metrics.IsMissing);
    }

    [Fact]
    public async Task Fixing_a_broken_file_clears_its_error()
    {
        using var models = new TestModels();
        var files = new ModelFiles(models.Directory, "nn");
        Directory.CreateDirectory(files.Directory);
        File.WriteAllText(files.History, "not json");
        using var watcher = Folders(models.Directory, quietTime: TimeSpan.FromMilliseconds(50), pollInterval: TimeSpan.FromMilliseconds(100));
        Assert.NotNull(History(watcher, "nn").Error);

        WriteHistory(models.Directory, "nn", epochs: 1, RunStatus.Running);

        await Eventually.TrueAsync(() => History(watcher, "nn").Error is null && History(watcher, "nn").Value is not null);
    }

    private static ModelFolders Folders(string directory, TimeSpan quietTime, TimeSpan pollInterval) =>
        new(Options.Create(new ModelsOptions { Directory = directory, ReloadDelay = quietTime, PollInterval = pollInterval }), NullLogger<ModelFolders>.Instance);

    private static RecordState<TrainingHistory> History(ModelFolders watcher, string id) =>
        watcher.Models.Single(m => m.ModelId == id).History;

    private static void WriteHistory(string directory, string modelId, int epochs, RunStatus status)
    {
        var files = new ModelFiles(directory, modelId);
        Directory.CreateDirectory(files.Directory);
        RecordFile.Write(files.History, new TrainingHistory
        {
            ModelId = modelId,
            Recipe = "modern",
            Status = status,
            TotalEpochs = 5,
            Epochs = Enumerable.Range(1, epochs).Select(e => new EpochRecord(e, 1.0 / e, 0.9, 1.1 / e, 0.89, 0.001, 30, 2000)).ToArray(),
            Progress = status == RunStatus.Running ? new RunProgress(epochs + 1, 5, 100, 1000, 2000, 12, DateTimeOffset.UtcNow) : null,
            StartedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        });
    }
}
