using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

public sealed class ModelRegistryTests
{
    [Fact]
    public async Task A_model_written_while_running_is_loaded_replaced_and_dropped_without_restart()
    {
        using var models = new TestModels();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);
        var changes = 0;
        classifier.ModelsChanged += () => Interlocked.Increment(ref changes);
        Assert.Equal(ModelAvailability.NotTrained, Status(classifier, "nn").Availability);

        TinyOnnxModel.WriteConstant(models.OnnxPath("nn"), 4);
        await Eventually.TrueAsync(() => classifier.Classify(Ink()).Verdicts[0].PredictedDigit == 4);
        await Eventually.TrueAsync(() => Volatile.Read(ref changes) > 0, "ModelsChanged was not raised."); // raised just after the swap

        TinyOnnxModel.WriteConstant(models.OnnxPath("nn"), 9);
        await Eventually.TrueAsync(() => classifier.Classify(Ink()).Verdicts[0].PredictedDigit == 9);

        File.Delete(models.OnnxPath("nn"));
        await Eventually.TrueAsync(() => Status(classifier, "nn").Availability == ModelAvailability.NotTrained);
        Assert.Null(classifier.Classify(Ink()).Verdicts[0].PredictedDigit);
    }

    [Fact]
    public async Task A_model_written_where_no_file_event_leads_to_a_read_is_loaded_by_polling()
    {
        using var models = new TestModels();
        // A quiet time far longer than the test: only the folders' polling can load the model.
        using var served = ServedModels.On(models.Directory, quietTime: TimeSpan.FromHours(1), pollInterval: TimeSpan.FromMilliseconds(100));
        using var classifier = new OnnxDigitClassifier(served.Registry, NullLogger<OnnxDigitClassifier>.Instance);
        Assert.Equal(ModelAvailability.NotTrained, Status(classifier, "cnn-proj").Availability);

        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-proj"), 6);

        await Eventually.TrueAsync(() => classifier.Classify(Ink()).Verdicts[2].PredictedDigit == 6);
        var model = served.Registry.Acquire("cnn-proj")!;
        try
        {
            Assert.Equal(served.Folders["cnn-proj"].Onnx, model.Stamp); // the session is the file the snapshot describes
        }
        finally
        {
            model.Release();
        }
    }

    [Fact]
    public async Task A_corrupt_file_keeps_the_previous_version_serving_until_a_good_file_replaces_it()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);

        models.WriteCorrupt("cnn-quad");
        await Eventually.TrueAsync(() => Status(classifier, "cnn-quad").Reason is not null);
        var verdicts = classifier.Classify(Ink()).Verdicts;
        Assert.Equal(ModelAvailability.Ready, verdicts[3].Status.Availability);
        Assert.StartsWith(ModelRegistry.PreviousVersionNote + "cnn-quad/model.onnx", verdicts[3].Status.Reason);
        Assert.Equal(TestModels.CnnQuadrantsDigit, verdicts[3].PredictedDigit);
        Assert.Equal(TestModels.SimpleCnnDigit, verdicts[1].PredictedDigit);
        Assert.Null(verdicts[4].Status.Reason); // the ensemble still has all three CNNs

        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-quad"), 5);
        await Eventually.TrueAsync(() => classifier.Classify(Ink()).Verdicts[3].PredictedDigit == 5);
        Assert.Null(Status(classifier, "cnn-quad").Reason);
    }

    [Fact]
    public void A_corrupt_file_without_a_previous_version_makes_the_model_unavailable_and_the_others_answer()
    {
        using var models = TestModels.AllFour();
        models.WriteCorrupt("cnn-quad");
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);

        var verdicts = classifier.Classify(Ink()).Verdicts;
        Assert.Equal(ModelAvailability.Unavailable, verdicts[3].Status.Availability);
        Assert.Contains("model.onnx", verdicts[3].Status.Reason);
        Assert.Null(verdicts[3].PredictedDigit);
        Assert.Equal(TestModels.SimpleCnnDigit, verdicts[1].PredictedDigit);
        Assert.Equal("2 of 3 CNNs available", verdicts[4].Status.Reason);
        Assert.Equal(7, verdicts[4].PredictedDigit);
    }

    [Fact]
    public async Task Test_accuracy_follows_metrics_json_including_the_ensembles()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);
        Assert.All(classifier.Models, m => Assert.Null(m.TestAccuracy));

        WriteMetrics(models.Directory, "cnn-proj", correct: 3, of: 4);
        WriteMetrics(models.Directory, ModelCatalog.EnsembleId, correct: 4, of: 4);

        await Eventually.TrueAsync(() => Status(classifier, "cnn-proj").TestAccuracy == 0.75);
        await Eventually.TrueAsync(() => Status(classifier, ModelCatalog.EnsembleId).TestAccuracy == 1.0);
        Assert.Null(Status(classifier, "nn").TestAccuracy);
        Assert.Equal(0.75, classifier.Classify(Ink()).Verdicts[2].Status.TestAccuracy);
    }

    private static void WriteMetrics(string directory, string modelId, int correct, int of)
    {
        var labels = new byte[of];
        var probabilities = new float[of * 10];
        for (var i = 0; i < of; i++)
        {
            probabilities[i * 10 + (i < correct ? 0 : 1)] = 1;
        }

        var path = new ModelFiles(directory, modelId).Metrics;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        MnistBlazor.Shared.Records.RecordFile.Write(path,
            MnistBlazor.Shared.Records.TestMetrics.Compute(modelId, "test", labels, probabilities, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Classifying_from_many_threads_while_models_are_swapped_never_fails()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);
        using var stop = new CancellationTokenSource();

        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            var answered = 0;
            for (var i = 0; i < 40 || !stop.IsCancellationRequested; i++)
            {
                var classification = classifier.Classify(Ink());
                Assert.Equal(5, classification.Verdicts.Count);
                if (classification.Verdicts[1].PredictedDigit is not null)
                {
                    answered++;
                }
            }

            return answered;
        })).ToArray();

        for (var round = 0; round < 10; round++)
        {
            TinyOnnxModel.WriteConstant(models.OnnxPath("simple-cnn"), round % 10);
            registry.Reload("simple-cnn");
        }

        await stop.CancelAsync();
        var answers = await Task.WhenAll(workers);
        Assert.True(answers.Sum() > 0);
        Assert.Equal(ModelAvailability.Ready, Status(classifier, "simple-cnn").Availability);
    }

    private static ModelStatus Status(IDigitClassifier classifier, string id) => classifier.Models.Single(m => m.ModelId == id);

    private static float[] Ink()
    {
        var pixels = new float[784];
        pixels[350] = 1;
        return pixels;
    }
}
