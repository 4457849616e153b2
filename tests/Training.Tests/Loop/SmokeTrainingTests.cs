using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Loop;

public sealed class SmokeTrainingTests
{
    [Fact]
    public void Nn_trained_one_epoch_on_2000_real_images_scores_above_0_8_on_1000_others()
    {
        using var directory = new TemporaryDirectory();
        var training = TestData.Train.Slice(0, 2000);
        var heldOut = new LabeledSet("held-out", TestData.Train.Slice(2000, 1000));
        var job = Jobs.Nn(training, directory.Path, epochs: 1);

        var outcome = new Trainer(job, new RecordingProgress()).Run(CancellationToken.None);
        using var model = outcome.Model;
        var metrics = ModelEvaluator.Evaluate("nn", model, heldOut, CPU, DateTimeOffset.UnixEpoch);

        Assert.Equal(RunStatus.Completed, outcome.Status);
        Assert.Equal(1000, metrics.Count);
        Assert.True(metrics.Accuracy > 0.8, $"accuracy {metrics.Accuracy}");
    }
}
