using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Data;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Evaluation;

public sealed class SubmissionTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private readonly LabeledImages images = TestData.Test.Slice(0, 25);
    private readonly string testCsv;

    public SubmissionTests()
    {
        testCsv = directory.File("test.csv");
        KaggleCsv.WriteTest(testCsv, images);
        foreach (var (id, seed) in new[] { ("nn", 1), ("simple-cnn", 2) })
        {
            manual_seed(seed);
            using var model = ModelFactory.Create(id);
            ModelStore.SaveWeights(model, new ModelFiles(directory.Path, id));
        }
    }

    [Fact]
    public void One_model_writes_a_header_and_one_row_per_image_numbered_from_1()
    {
        var submission = directory.File("one.csv");

        var exitCode = TrainingCli.Run(
            ["submit", "--model", "nn", "--test-csv", testCsv, "--output", submission, "--models-dir", directory.Path], new StringWriter(), new StringWriter());

        Assert.Equal(0, exitCode);
        var lines = File.ReadAllLines(submission);
        Assert.Equal("ImageId,Label", lines[0]);
        Assert.Equal(26, lines.Length);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => i.ToString()), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(Predict(["nn"]), lines.Skip(1).Select(l => int.Parse(l.Split(',')[1])));
    }

    [Fact]
    public void Several_models_vote_with_their_averaged_probabilities()
    {
        var submission = directory.File("ensemble.csv");

        var error = new StringWriter();
        var exitCode = TrainingCli.Run(
            ["submit", "--model", "nn,simple-cnn", "--test-csv", testCsv, "--output", submission, "--models-dir", directory.Path], new StringWriter(), error);

        Assert.Equal(0, exitCode);
        Assert.Equal(Predict(["nn", "simple-cnn"]), KaggleCsv.ReadSubmission(submission));
        Assert.Contains($"nn + simple-cnn on {images.Count} test images: {2 * images.Count}/{2 * images.Count} images in ", error.ToString());
    }

    private int[] Predict(string[] ids)
    {
        using var input = ImageTensors.Images(images);
        var perModel = ids.Select(id =>
        {
            using var model = ModelFactory.Create(id);
            model.load(new ModelFiles(directory.Path, id).Weights);
            return Predictor.Probabilities(model, input, CPU);
        }).ToList();
        return Predictor.ArgMax(Ensemble.Average(perModel));
    }

    public void Dispose() => directory.Dispose();
}
