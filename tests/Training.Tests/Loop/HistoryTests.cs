using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Loop;

public sealed class HistoryTests
{
    [Fact]
    public void History_file_is_rewritten_after_every_epoch_with_the_epochs_so_far()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 300), directory.Path, epochs: 3, validation: TestData.Train.Slice(300, 100));
        var seenAfterEpoch = new List<int[]>();
        var statuses = new List<RunStatus>();
        var progress = new RecordingProgress
        {
            OnEpoch = _ =>
            {
                var history = RecordFile.Read<TrainingHistory>(job.Files.History);
                seenAfterEpoch.Add(history.Epochs.Select(e => e.Epoch).ToArray());
                statuses.Add(history.Status);
            },
        };

        using var model = new Trainer(job, progress).Run(CancellationToken.None).Model;

        Assert.Equal([[1], [1, 2], [1, 2, 3]], seenAfterEpoch);
        Assert.All(statuses, status => Assert.Equal(RunStatus.Running, status));
        var final = RecordFile.Read<TrainingHistory>(job.Files.History);
        Assert.Equal(3, final.TotalEpochs);
        Assert.All(final.Epochs, e =>
        {
            Assert.NotNull(e.ValAccuracy);
            Assert.InRange(e.Accuracy, 0, 1);
            Assert.True(e.ImagesPerSecond > 0);
        });
    }

    [Fact]
    public void Completed_run_leaves_weights_metrics_card_both_onnx_files_and_a_completed_history()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 200), directory.Path, epochs: 1);
        var progress = new RecordingProgress();
        var outcome = new Trainer(job, progress).Run(CancellationToken.None);
        using var model = outcome.Model;

        var metrics = TrainingArtifacts.Write(
            job, outcome, new LabeledSet("mnist-test-slice", TestData.Test.Slice(0, 100)),
            new DataProvenance("mnist", "abc"), progress, () => DateTimeOffset.UnixEpoch);

        Assert.True(File.Exists(job.Files.Weights));
        var card = RecordFile.Read<ModelCard>(job.Files.Card);
        Assert.Equal("nn", card.ModelId);
        Assert.Equal(784 * 280 + 280 + 280 * 28 + 28 + 28 * 10 + 10, card.ParameterCount);
        Assert.Equal(200, card.Recipe.TrainingImages);
        Assert.Equal(metrics!.Accuracy, RecordFile.Read<TestMetrics>(job.Files.Metrics).Accuracy);
        Assert.Equal(RunStatus.Completed, RecordFile.Read<TrainingHistory>(job.Files.History).Status);
        var int8 = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(job.Files.Int8Onnx));
        Assert.Equal(
            ModelFiles.SourceHash(File.ReadAllBytes(job.Files.Onnx)),
            int8.MetadataProps.Single(p => p.Key == ModelFiles.Int8SourceMetadataKey).Value);
    }

    [Fact]
    public void While_an_epoch_runs_the_history_shows_its_progress()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 128), directory.Path, epochs: 2) with { ProgressWriteIntervalSeconds = 0 };
        var snapshots = new List<TrainingHistory>();
        var progress = new RecordingProgress { OnBatch = _ => snapshots.Add(RecordFile.Read<TrainingHistory>(job.Files.History)) };

        using var model = new Trainer(job, progress).Run(CancellationToken.None).Model;

        Assert.Equal(8, snapshots.Count); // 4 batches of 32 per epoch, 2 epochs
        Assert.All(snapshots, s => Assert.Equal(RunStatus.Running, s.Status));
        Assert.Equal([32L, 64, 96, 128, 32, 64, 96, 128], snapshots.Select(s => s.Progress!.ImagesDone));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], snapshots.Select(s => s.Progress!.Epoch));
        Assert.All(snapshots, s => Assert.Equal(128, s.Progress!.ImagesPerEpoch));
        Assert.Empty(snapshots[0].Epochs);
        Assert.Single(snapshots[4].Epochs);
        Assert.True(snapshots[4].Progress!.EtaSeconds > 0);
        Assert.Equal(0, snapshots[^1].Progress!.EtaSeconds);
    }

    [Fact]
    public void A_run_of_few_epochs_records_its_training_figures_in_equal_stretches_of_each_epoch()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 320), directory.Path, epochs: 2); // 10 batches of 32 an epoch

        using var model = new Trainer(job, new RecordingProgress()).Run(CancellationToken.None).Model;

        var history = RecordFile.Read<TrainingHistory>(job.Files.History);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i / 10.0), history.Steps.Select(s => Math.Round(s.Epochs, 6)));
        Assert.All(history.Steps, s =>
        {
            Assert.InRange(s.Accuracy, 0, 1);
            Assert.True(double.IsFinite(s.Loss) && s.Loss > 0);
        });
        // Equal stretches: an epoch's loss is the mean of its stretches' losses.
        Assert.Equal(history.Epochs[0].Loss, history.Steps.Take(10).Average(s => s.Loss), precision: 6);
        Assert.Equal(history.Epochs[1].Accuracy, history.Steps.Skip(10).Average(s => s.Accuracy), precision: 6);
    }

    [Theory]
    [InlineData(313, 10, 10)]
    [InlineData(4, 10, 4)]
    [InlineData(10, 10, 10)]
    [InlineData(7, 3, 3)]
    public void An_epochs_stretches_end_evenly_and_the_last_at_its_last_batch(int batchCount, int stretches, int ends)
    {
        var ending = Enumerable.Range(0, batchCount).Where(b => Trainer.EndsStretch(b, batchCount, stretches)).ToArray();

        Assert.Equal(ends, ending.Length);
        Assert.Equal(batchCount - 1, ending[^1]);
    }
}
