using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Checkpoints;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Optimization;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;
using MnistBlazor.Training.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Loop;

public sealed class CheckpointResumeTests
{
    [Fact]
    public void Restoring_a_checkpoint_gives_back_the_saved_weights_optimizer_moments_schedule_step_and_rng()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 256), directory.Path, epochs: 1, schedule: ScheduleKind.OneCycle, augment: true);
        using var trained = new Trainer(job, new RecordingProgress()).Run(CancellationToken.None).Model;
        var savedHeader = CheckpointFile.ReadHeader(job.Files.Checkpoint);
        using var rngAfterTraining = get_rng_state();

        manual_seed(999); // different initial weights and RNG, all of which the restore must overwrite
        using var restored = ModelFactory.Create("nn");
        using var optimizer = OptimizerFactory.Create(OptimizerKind.AdamW, restored.parameters(), 2e-3, 0.01);
        var header = CheckpointFile.Restore(job.Files.Checkpoint, restored, optimizer);

        Assert.Equal(savedHeader with { History = header.History }, header);
        Assert.Equal(savedHeader.History.Epochs, header.History.Epochs);
        Assert.Equal(1, header.CompletedEpochs);
        Assert.Equal(8, header.CompletedSteps); // 256 images / batch 32
        Assert.Equal(0, header.BatchesDoneInEpoch);
        using var rngRestored = get_rng_state();
        Assert.True(rngAfterTraining.eq(rngRestored).all().item<bool>(), "torch RNG state");

        var savedParameters = trained.named_parameters().ToArray();
        var restoredParameters = restored.named_parameters().ToArray();
        Assert.Equal(savedParameters.Select(p => p.name), restoredParameters.Select(p => p.name));
        for (var i = 0; i < savedParameters.Length; i++)
        {
            Assert.True(savedParameters[i].parameter.eq(restoredParameters[i].parameter).all().item<bool>(), savedParameters[i].name);
        }

        var states = optimizer.state_dict().State.Cast<AdamW.State>().ToArray();
        Assert.Equal(savedParameters.Length, states.Length);
        Assert.All(states, state =>
        {
            Assert.Equal(8, state.step);
            Assert.True(state.exp_avg.abs().sum().item<float>() > 0, "first moment was restored, not left at zero");
            Assert.True(state.exp_avg_sq.abs().sum().item<float>() > 0, "second moment was restored, not left at zero");
        });
    }

    [Fact]
    public void Optimizer_moments_in_a_checkpoint_equal_those_of_the_optimizer_that_saved_it()
    {
        using var directory = new TemporaryDirectory();
        manual_seed(3);
        using var model = ModelFactory.Create("nn");
        using var optimizer = OptimizerFactory.Create(OptimizerKind.AdamW, model.parameters(), 1e-3, 0.01);
        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(rand(16, 1, 28, 28)), randint(0, 10, [16])).backward();
            optimizer.step();
        }

        var path = directory.File("checkpoint.bin");
        var header = new CheckpointHeader("nn", RecipeDefaults.For(RecipeKind.Modern, Shared.Models.ModelCatalog.Nn), 1, 0, 3, 3, EpochTally.Empty,
            new TrainingHistory { ModelId = "nn", Recipe = "modern" });
        CheckpointFile.Save(path, header, model, optimizer);

        using var other = ModelFactory.Create("nn");
        using var otherOptimizer = OptimizerFactory.Create(OptimizerKind.AdamW, other.parameters(), 1e-3, 0.01);
        CheckpointFile.Restore(path, other, otherOptimizer);

        var saved = optimizer.state_dict().State.Cast<AdamW.State>().ToArray();
        var loaded = otherOptimizer.state_dict().State.Cast<AdamW.State>().ToArray();
        for (var i = 0; i < saved.Length; i++)
        {
            Assert.Equal(saved[i].step, loaded[i].step);
            Assert.True(saved[i].exp_avg.eq(loaded[i].exp_avg).all().item<bool>());
            Assert.True(saved[i].exp_avg_sq.eq(loaded[i].exp_avg_sq).all().item<bool>());
        }
    }

    [Theory]
    [InlineData(TrainingPrecision.Fp32)]
    [InlineData(TrainingPrecision.Bf16)]
    public void A_run_stopped_mid_epoch_and_resumed_ends_with_the_same_weights_as_an_uninterrupted_run(TrainingPrecision precision)
    {
        var images = TestData.Train.Slice(0, 320);
        using var uninterruptedDirectory = new TemporaryDirectory();
        using var uninterrupted = new Trainer(
            Jobs.Nn(images, uninterruptedDirectory.Path, epochs: 2, schedule: ScheduleKind.OneCycle, augment: true, precision: precision),
            new RecordingProgress()).Run(CancellationToken.None).Model;

        using var directory = new TemporaryDirectory();
        using var stop = new CancellationTokenSource();
        var stopping = new RecordingProgress { OnBatch = b => { if (b.Epoch == 2 && b.ImagesDone >= 128) { stop.Cancel(); } } };
        var first = new Trainer(Jobs.Nn(images, directory.Path, epochs: 2, schedule: ScheduleKind.OneCycle, augment: true, precision: precision), stopping).Run(stop.Token);
        first.Model.Dispose();
        Assert.Equal(RunStatus.Stopped, first.Status);
        Assert.Equal(RunStatus.Stopped, RecordFile.Read<TrainingHistory>(Path.Combine(directory.Path, "nn", "history.json")).Status);
        var stoppedAt = CheckpointFile.ReadHeader(Path.Combine(directory.Path, "nn", "checkpoint.bin"));
        Assert.Equal((1, 4, 14L), (stoppedAt.CompletedEpochs, stoppedAt.BatchesDoneInEpoch, stoppedAt.CompletedSteps));

        manual_seed(12345); // the resumed run must not depend on the RNG state it starts with
        var resumed = new Trainer(Jobs.Nn(images, directory.Path, epochs: 2, resume: true, schedule: ScheduleKind.OneCycle, augment: true, precision: precision), new RecordingProgress())
            .Run(CancellationToken.None);
        using var resumedModel = resumed.Model;

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal([1, 2], resumed.History.Epochs.Select(e => e.Epoch));
        var expected = uninterrupted.parameters().ToArray();
        var actual = resumedModel.parameters().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i].allclose(actual[i], rtol: 0, atol: 1e-6), $"parameter {i}");
        }
    }
}
