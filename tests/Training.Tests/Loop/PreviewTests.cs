using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Loop;

public sealed class PreviewTests
{
    [Fact]
    public void The_model_after_the_preview_epoch_is_handed_over_once_while_the_run_goes_on()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 256), directory.Path, epochs: 3) with { PreviewAfterEpoch = 1 };
        var previews = new List<(RunStatus Status, int Epochs, bool Training)>();

        var outcome = new Trainer(job, new RecordingProgress(), preview: p => previews.Add((p.Status, p.History.Epochs.Count, p.Model.training)))
            .Run(CancellationToken.None);
        using var model = outcome.Model;

        Assert.Equal([(RunStatus.Running, 1, true)], previews);
        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(3, outcome.History.Epochs.Count);
    }

    [Fact]
    public void A_preview_that_fails_is_reported_and_the_run_still_completes()
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 128), directory.Path, epochs: 2) with { PreviewAfterEpoch = 1 };
        var progress = new RecordingProgress();

        var outcome = new Trainer(job, progress, preview: _ => throw new IOException("No space left on device"))
            .Run(CancellationToken.None);
        using var model = outcome.Model;

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Contains(progress.Messages, m => m.Contains("preview after epoch 1 not written (No space left on device)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void A_preview_epoch_at_or_after_the_last_one_hands_over_nothing(int previewAfterEpoch)
    {
        using var directory = new TemporaryDirectory();
        var job = Jobs.Nn(TestData.Train.Slice(0, 128), directory.Path, epochs: 2) with { PreviewAfterEpoch = previewAfterEpoch };
        var previews = 0;

        using var model = new Trainer(job, new RecordingProgress(), preview: _ => previews++).Run(CancellationToken.None).Model;

        Assert.Equal(0, previews);
    }

    [Fact]
    public void A_preview_that_evaluates_and_draws_random_numbers_leaves_the_final_weights_as_without_it()
    {
        using var withoutDirectory = new TemporaryDirectory();
        using var withDirectory = new TemporaryDirectory();
        var training = TestData.Train.Slice(0, 256);
        var plain = Jobs.Nn(training, withoutDirectory.Path, epochs: 3, augment: true);
        var previewed = Jobs.Nn(training, withDirectory.Path, epochs: 3, augment: true) with { PreviewAfterEpoch = 1 };

        using var expected = new Trainer(plain, new RecordingProgress()).Run(CancellationToken.None).Model;
        using var actual = new Trainer(previewed, new RecordingProgress(), preview: p =>
        {
            p.Model.eval();
            using var noGrad = no_grad();
            using var images = rand(16, 1, 28, 28);
            p.Model.call(images).Dispose();
        }).Run(CancellationToken.None).Model;

        foreach (var ((name, want), (_, got)) in expected.named_parameters().Zip(actual.named_parameters()))
        {
            Assert.True(want.allclose(got, rtol: 0, atol: 0), $"{name} differs after a preview");
        }
    }
}
