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
    public void A_profile_fitted_through_the_graph_holds_the_threshold_quantile_of_its_held_out_images()
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
        // The server's features come from the same graph through ONNX Runtime: recompute the held-out distances that way.
        var heldOut = Enumerable.Range(0, images.Count).Where(i => i % OnnxFamiliarity.HeldOutEvery == 0).ToArray();
        var distances = Distances(graph, profile, new LabeledImages([.. heldOut.SelectMany(i => images.ImageBytes(i).ToArray())], null));
        var within = distances.Count(d => d <= profile.Threshold);
        Assert.InRange(within, (int)Math.Ceiling(FamiliarityProfile.ThresholdQuantile * heldOut.Length), heldOut.Length - 1);
        Assert.Contains(distances, d => Math.Abs(d - profile.Threshold) < 1e-3f);
    }

    [Fact]
    public void Too_few_images_of_a_digit_fit_no_profile_and_say_so()
    {
        using var module = ModelFactory.Create("simple-cnn");
        module.eval();
        var (profile, reason) = OnnxFamiliarity.Fit(OnnxExporter.Build(module, "simple-cnn"), FirstImages(300));

        Assert.Null(profile);
        Assert.Contains($"at least {OnnxFamiliarity.LeastImagesPerDigit} needed", reason, StringComparison.Ordinal);
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
