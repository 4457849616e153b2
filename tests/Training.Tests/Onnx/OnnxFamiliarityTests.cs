using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Progress;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Onnx;

public sealed class OnnxFamiliarityTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    [Theory]
    [InlineData("nn", null)]
    [InlineData("simple-cnn", "block2")]
    [InlineData("cnn-proj", "block3")]
    [InlineData("cnn-quad", "block3")] // the image branch's last block, not the quadrant branch's
    public void The_features_come_from_the_image_branchs_last_block(string modelId, string? expected)
    {
        using var module = ModelFactory.Create(modelId);
        module.eval();
        Assert.Equal(expected, OnnxFamiliarity.FeatureOutput(OnnxExporter.Build(module, modelId)));
    }

    [Fact]
    public void A_profile_fitted_through_the_graph_keeps_its_images_within_the_threshold()
    {
        using var module = ModelFactory.Create("simple-cnn");
        module.eval();
        var graph = OnnxExporter.Build(module, "simple-cnn");
        var images = FirstImages(1_500);

        var (profile, reason) = OnnxFamiliarity.Fit(graph, images);

        Assert.Null(reason);
        Assert.NotNull(profile);
        Assert.Equal("block2", profile.FeatureOutput);
        Assert.Equal(128, profile.Dimensions);
        // The server's features come from the same graph through ONNX Runtime: the images the profile was fitted on lie
        // nearer its means than held-out images did, so at least the quantile of them are within the threshold.
        var distances = Distances(graph, profile, images);
        Assert.InRange(distances.Count(d => d <= profile.Threshold), (int)Math.Ceiling(FamiliarityProfile.ThresholdQuantile * images.Count), images.Count);
        Assert.Contains(distances, d => d > profile.Threshold / 2);
    }

    [Fact]
    public void The_threshold_lets_past_only_the_few_images_far_from_every_digit()
    {
        // Ten digits as tight clusters in 4 features, and about 1 % of images far from every cluster.
        var random = new Random(3);
        var labels = Enumerable.Range(0, 2_000).Select(_ => (byte)random.Next(10)).ToArray();
        var isOutlier = labels.Select(_ => random.NextDouble() < 0.01).ToArray();
        var features = labels.Select((label, i) => Enumerable.Range(0, 4)
            .Select(f => (f == label % 4 ? 10f * (1 + label / 4) : 0f) + (float)(random.NextDouble() - 0.5) * (isOutlier[i] ? 40 : 1))
            .ToArray()).ToArray();

        var (profile, reason) = OnnxFamiliarity.FitFeatures("block2", features, labels);

        Assert.Null(reason);
        var distances = features.Select(f => profile!.Distance(f)).ToArray();
        var outliers = Enumerable.Range(0, features.Length).Where(i => isOutlier[i]).ToArray();
        // The outliers are about 1 % of the images, more than the 0.5 % the threshold lets past: the farthest of them
        // are beyond it, and no ordinary image is.
        Assert.InRange(outliers.Length, 12, 30);
        Assert.All(Enumerable.Range(0, features.Length).Except(outliers), i => Assert.True(distances[i] <= profile!.Threshold));
        Assert.InRange(outliers.Count(i => distances[i] > profile!.Threshold), 3, 10);
    }

    [Fact]
    public void Too_few_images_of_a_digit_fit_no_profile_and_say_so()
    {
        using var module = ModelFactory.Create("simple-cnn");
        module.eval();
        var (profile, reason) = OnnxFamiliarity.Fit(OnnxExporter.Build(module, "simple-cnn"), FirstImages(300));

        Assert.Null(profile);
        Assert.Contains($"of a fold's fit (at least {OnnxFamiliarity.LeastImagesPerDigit} needed)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exported_file_and_its_int8_form_carry_the_profile_once()
    {
        using var module = ModelFactory.Create("simple-cnn");
        var files = new ModelFiles(directory.Path, "simple-cnn");
        Directory.CreateDirectory(files.Directory);
        var images = FirstImages(1_000);
        var progress = new PlainTrainingProgress(TextWriter.Null, TimeSpan.Zero);

        OnnxArtifact.Export(module, "simple-cnn", files, images, progress);
        OnnxArtifact.Export(module, "simple-cnn", files, images, progress); // again over the first file

        foreach (var path in new[] { files.Onnx, files.Int8Onnx })
        {
            var proto = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            var entry = Assert.Single(proto.MetadataProps, p => p.Key == FamiliarityProfile.MetadataKey);
            Assert.Equal("block2", FamiliarityProfile.FromMetadata(entry.Value).FeatureOutput);
        }
    }

    [Fact]
    public void Without_training_images_the_file_is_written_without_a_profile()
    {
        using var module = ModelFactory.Create("simple-cnn");
        var files = new ModelFiles(directory.Path, "simple-cnn");
        Directory.CreateDirectory(files.Directory);

        OnnxArtifact.Export(module, "simple-cnn", files, calibration: null, new PlainTrainingProgress(TextWriter.Null, TimeSpan.Zero));

        using var session = new InferenceSession(files.Onnx);
        Assert.DoesNotContain(FamiliarityProfile.MetadataKey, session.ModelMetadata.CustomMetadataMap.Keys);
    }

    private static LabeledImages FirstImages(int count) => new(
        TestData.Test.Pixels.AsSpan(0, count * MnistGeometry.PixelCount).ToArray(),
        TestData.Test.Labels!.AsSpan(0, count).ToArray());

    private static List<float> Distances(global::Onnx.ModelProto graph, FamiliarityProfile profile, LabeledImages images)
    {
        using var runner = new OnnxModelRunner(graph);
        var distances = new List<float>();
        runner.ForEachBatch(images, images.Count, [profile.FeatureOutput], (_, outputs) =>
            distances.AddRange(profile.Distances(outputs[0].GetTensorDataAsSpan<float>(), outputs[0].GetTensorTypeAndShape().Shape)));
        return distances;
    }

    public void Dispose() => directory.Dispose();
}
