using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>
/// Model files with a familiarity profile: the server reads it, gives every verdict the image's distance from the
/// learned digits out of the same run, alone and batched, and refuses a file whose profile cannot serve.
/// </summary>
public sealed class FamiliarityServingTests : IDisposable
{
    private readonly TestModels models = new();

    [Fact]
    public void The_distance_is_that_of_the_feature_blocks_channel_averages()
    {
        // Every digit's mean at 0 and the identity as precision: the distance is the length of the averages.
        var model = LoadedModel.Load("simple-cnn", ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: 1e6f).ToMetadata()), "simple-cnn/model.onnx", default);
        try
        {
            var image = Stroke();
            var answers = model.Answer(image);

            var block = model.RunOutputs(image, ["block2"], CancellationToken.None)[0];
            var averages = FamiliarityProfile.PooledFeatures(block.Values, block.Shape);
            var expected = MathF.Sqrt(averages.Sum(a => a * a));
            var familiarity = Assert.Single(answers.Familiarities!);
            Assert.Equal(expected, familiarity.Distance, expected * 1e-4f);
            Assert.Equal(1e6f, familiarity.Threshold);
            Assert.False(familiarity.IsUnfamiliar);
            Assert.Equal(model.Predict(image), answers.Probabilities);
            Assert.Equal(familiarity, Assert.Single(model.AnswerBatch(image, 1).Familiarities!)); // the batched classification path
            Assert.Equal(model.Predict(image), model.PredictBatch(image, 1)); // the background runs do not need it
        }
        finally
        {
            model.Release();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_verdict_of_a_profiled_model_carries_the_familiarity_alone_and_batched(bool batched)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(models.OnnxPath("simple-cnn"))!);
        File.WriteAllBytes(models.OnnxPath("simple-cnn"), ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: 1e-6f).ToMetadata()));
        using var served = ServedModels.On(models.Directory, new ModelsOptions().ReloadDelay);
        var options = Options.Create(new ModelsOptions { MaxBatchSize = batched ? 8 : 1 });
        using var classifier = new OnnxDigitClassifier(served.Registry, NullLogger<OnnxDigitClassifier>.Instance, options);

        var classifications = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => classifier.ClassifyAsync(Stroke())));

        foreach (var classification in classifications)
        {
            var verdict = Assert.Single(classification.Verdicts, v => v.ModelId == "simple-cnn");
            Assert.True(verdict.Familiarity!.Value.IsUnfamiliar);
            Assert.Equal(1e-6f, verdict.Familiarity.Value.Threshold);
            Assert.True(classification.IsUnfamiliar); // the only profiled model is the majority
            Assert.Null(classification.Ensemble!.Familiarity);
        }
    }

    [Fact]
    public void The_evidence_of_a_profiled_model_says_which_ink_sets_the_image_apart_and_the_ensembles_comes_from_it()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(models.OnnxPath("simple-cnn"))!);
        File.WriteAllBytes(models.OnnxPath("simple-cnn"), ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: 3f).ToMetadata()));
        using var served = ServedModels.On(models.Directory, new ModelsOptions().ReloadDelay);
        var image = Stroke();

        var evidence = new OcclusionExplainer(served.Registry, NullLogger<OcclusionExplainer>.Instance).Explain(image, CancellationToken.None);

        var ofTheModel = evidence.For("simple-cnn")!;
        var model = served.Registry.Acquire("simple-cnn") ?? throw new InvalidOperationException("The simple CNN is not served.");
        var alone = model.Answer(image);
        model.Release();
        var familiarity = Assert.Single(alone.Familiarities!);
        Assert.Equal(familiarity.Distance / familiarity.Threshold, ofTheModel.DistanceRatio!.Value, 4);
        var likeness = ofTheModel.LikenessMap()!;
        Assert.Contains(likeness.Values, v => v != 0); // hiding part of the bar moves its features
        Assert.All(Enumerable.Range(0, MnistGeometry.PixelCount).Where(p => image[p] == 0), pixel => Assert.Equal(0f, likeness.Values[pixel]));
        // The ensemble's map is its only profiled member's.
        Assert.Equal(likeness.Values, evidence.For(ModelCatalog.EnsembleId)!.LikenessMap()!.Values);
        Assert.Null(evidence.For("nn")?.LikenessMap());
    }

    [Fact]
    public void A_file_without_a_profile_serves_without_familiarity()
    {
        var model = LoadedModel.Load("simple-cnn", ProfiledSimpleCnn.File(profile: null), "simple-cnn/model.onnx", default);
        try
        {
            Assert.Null(model.FamiliarityProfile);
            Assert.Null(model.Answer(Stroke()).Familiarities);
        }
        finally
        {
            model.Release();
        }
    }

    [Theory]
    [InlineData("{ not json", "simple-cnn/model.onnx: The 'familiarity' metadata is not valid JSON")]
    [InlineData("wrong output", "reads the output 'block7', which the file does not have")]
    [InlineData("wrong channels", "reads 64 channels of 'block2', which is Single[-1,128,7,7]")]
    public void A_file_whose_profile_cannot_serve_is_refused_saying_why(string metadata, string expected)
    {
        var text = metadata switch
        {
            "wrong output" => new FamiliarityProfile("block7", new float[10 * ProfiledSimpleCnn.Channels], ProfiledSimpleCnn.Identity(ProfiledSimpleCnn.Channels), 5).ToMetadata(),
            "wrong channels" => new FamiliarityProfile("block2", new float[10 * 64], ProfiledSimpleCnn.Identity(64), 5).ToMetadata(),
            _ => metadata,
        };

        var error = Assert.Throws<InvalidDataException>(() => LoadedModel.Load("simple-cnn", ProfiledSimpleCnn.File(text), "simple-cnn/model.onnx", default));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("Export the model again", error.Message, StringComparison.Ordinal);
    }

    private static float[] Stroke()
    {
        var image = new float[MnistGeometry.PixelCount];
        for (var y = 5; y < 23; y++)
        {
            image[y * MnistGeometry.Side + 14] = 1f;
        }

        return image;
    }

    public void Dispose() => models.Dispose();
}
