using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Evaluation;

public sealed class SoftVoteTests : IDisposable
{
    private const int ImageCount = 6;

    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private static LabeledImages Images()
    {
        var random = new Random(3);
        var pixels = new byte[ImageCount * MnistGeometry.PixelCount];
        random.NextBytes(pixels);
        return new LabeledImages(pixels, [.. Enumerable.Range(0, ImageCount).Select(i => (byte)i)]);
    }

    private static float[] Constant(float value) => Enumerable.Repeat(value, ImageCount * 10).ToArray();

    [Fact]
    public void Members_already_computed_on_the_images_do_not_run_again_and_count_in_the_soft_vote()
    {
        // Only the simple CNN has weights: loading either of the others would fail.
        var models = directory.File("models");
        UntrainedModels.Save(models, ModelCatalog.SimpleCnn.Id);
        var images = Images();
        var computed = new Dictionary<string, float[]>
        {
            [ModelCatalog.CnnProjections.Id] = Constant(0.1f),
            [ModelCatalog.CnnQuadrants.Id] = Constant(0.4f),
        };
        long? imagesToRun = null;

        var ensemble = SoftVote.Probabilities(Ensemble.Members, models, images, CPU,
            total => new ConsoleProgress(TextWriter.Null, inPlace: false, "ensemble", (imagesToRun = total).Value, "images"), computed);

        var simpleCnn = SoftVote.Probabilities([ModelCatalog.SimpleCnn], models, images, CPU);
        Assert.Equal(ImageCount, imagesToRun);
        Assert.Equal(simpleCnn, computed[ModelCatalog.SimpleCnn.Id]);
        Assert.Equal(Ensemble.Average([simpleCnn, Constant(0.1f), Constant(0.4f)]), ensemble);
    }

    [Fact]
    public void A_model_computed_before_is_answered_without_loading_anything_or_showing_progress()
    {
        var computed = new Dictionary<string, float[]> { [ModelCatalog.Nn.Id] = Constant(0.25f) };
        var progressStarted = false;

        var probabilities = SoftVote.Probabilities([ModelCatalog.Nn], directory.File("no-models"), Images(), CPU,
            total => { progressStarted = true; return new ConsoleProgress(TextWriter.Null, inPlace: false, "nn", total, "images"); }, computed);

        Assert.Equal(Constant(0.25f), probabilities);
        Assert.False(progressStarted);
        Assert.NotSame(computed[ModelCatalog.Nn.Id], probabilities);
    }
}
