using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Insights;

public sealed class ModelComparisonServiceTests
{
    [Fact]
    public async Task The_ensemble_is_scored_from_its_members_outputs_and_written_to_its_metrics_file()
    {
        // Members: simple-cnn and cnn-proj always say 7, cnn-quad says 2: the soft vote says 7.
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        var service = new ModelComparisonService(registry, new MnistTestSet(TestSet()), NoPenDigits(), NullLogger<ModelComparisonService>.Instance);
        var states = new List<EvaluationState>();
        service.Changed += () => { lock (states) { states.Add(service.EnsembleEvaluation.State); } };

        await service.MeasureNowAsync();

        Assert.Equal(EvaluationState.Current, service.EnsembleEvaluation.State);
        lock (states)
        {
            Assert.Contains(EvaluationState.Running, states);
        }

        var metrics = RecordFile.Read<TestMetrics>(new ModelFiles(models.Directory, ModelCatalog.EnsembleId).Metrics);
        Assert.Equal(ModelCatalog.EnsembleId, metrics.ModelId);
        Assert.Equal(260, metrics.Count);
        Assert.Equal(0.1, metrics.Accuracy, 6); // labels are index % 10: a tenth are sevens
        Assert.Equal(234, metrics.Misclassified.Count);
        Assert.All(metrics.Misclassified, m => Assert.Equal(7, m.PredictedLabel));
        Assert.Equal(26, metrics.Confusion[3][7]);
        Assert.Contains("Ensemble of 3 CNNs: 10.00 %", service.EnsembleEvaluation.Message);
    }

    [Fact]
    public async Task The_ensembles_metrics_are_reused_until_a_member_file_changes()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        var service = new ModelComparisonService(registry, new MnistTestSet(TestSet()), NoPenDigits(), NullLogger<ModelComparisonService>.Instance);
        var metricsPath = new ModelFiles(models.Directory, ModelCatalog.EnsembleId).Metrics;
        await service.MeasureNowAsync();
        var firstWrite = File.GetLastWriteTimeUtc(metricsPath);

        await service.MeasureNowAsync();
        Assert.Equal(firstWrite, File.GetLastWriteTimeUtc(metricsPath));

        // cnn-quad is retrained: a newer member file makes the stored metrics stale.
        await Task.Delay(20);
        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-quad"), 3);
        registry.Reload("cnn-quad");
        await service.MeasureNowAsync();

        Assert.True(File.GetLastWriteTimeUtc(metricsPath) > firstWrite);
    }

    [Fact]
    public async Task The_measurements_wait_while_requests_hold_the_cores()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var cores = new InferenceCores(1);
        var service = new ModelComparisonService(
            registryServed.Registry, new MnistTestSet(TestSet()), NoPenDigits(), NullLogger<ModelComparisonService>.Instance, cores);
        var metricsPath = new ModelFiles(models.Directory, ModelCatalog.EnsembleId).Metrics;

        var request = await cores.ForRequestAsync(CancellationToken.None);
        var measuring = service.MeasureNowAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(measuring.IsCompleted);
        Assert.Empty(service.MedianLatency);
        Assert.False(File.Exists(metricsPath));

        request.Dispose();
        await measuring.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(EvaluationState.Current, service.EnsembleEvaluation.State);
        Assert.True(File.Exists(metricsPath));
    }

    [Fact]
    public async Task Latency_is_measured_for_every_loaded_model_and_summed_for_the_ensemble()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        var service = new ModelComparisonService(registry, new MnistTestSet(TestSet()), NoPenDigits(), NullLogger<ModelComparisonService>.Instance);

        await service.MeasureNowAsync();

        var latency = service.MedianLatency;
        Assert.Equal(
            [.. ModelCatalog.Ids, ModelCatalog.EnsembleId],
            latency.Keys.OrderBy(k => k == ModelCatalog.EnsembleId ? int.MaxValue : ModelCatalog.Ids.ToList().IndexOf(k)));
        Assert.All(latency.Values, t => Assert.True(t > TimeSpan.Zero));
        Assert.Equal(Ensemble.Members.Sum(m => latency[m.Id].Ticks), latency[ModelCatalog.EnsembleId].Ticks);
    }

    [Fact]
    public async Task Without_a_trained_cnn_or_the_test_set_the_ensemble_says_why()
    {
        using var empty = new TestModels();
        using var registryServed = ServedModels.On(empty.Directory, TimeSpan.FromMilliseconds(100));
        var registry = registryServed.Registry;
        var noMembers = new ModelComparisonService(registry, new MnistTestSet(TestSet()), NoPenDigits(), NullLogger<ModelComparisonService>.Instance);
        await noMembers.MeasureNowAsync();
        Assert.Equal(EvaluationState.Unavailable, noMembers.EnsembleEvaluation.State);
        Assert.Contains("No trained CNN", noMembers.EnsembleEvaluation.Message);

        using var models = TestModels.AllFour();
        using var withModelsServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var withModels = withModelsServed.Registry;
        var options = Options.Create(new InsightsOptions { DataDirectory = Path.Combine(models.Directory, "no-data") });
        var noData = new ModelComparisonService(withModels, new MnistTestSet(options, NullLogger<MnistTestSet>.Instance), NoPenDigits(), NullLogger<ModelComparisonService>.Instance);
        await noData.MeasureNowAsync();
        Assert.Equal(EvaluationState.Unavailable, noData.EnsembleEvaluation.State);
        Assert.Contains("MNIST file missing", noData.EnsembleEvaluation.Message);
        Assert.False(File.Exists(new ModelFiles(models.Directory, ModelCatalog.EnsembleId).Metrics));
    }

    [Fact]
    public async Task An_ensemble_metrics_file_that_cannot_be_written_keeps_the_figures_and_names_no_server_directory()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var metricsPath = new ModelFiles(models.Directory, ModelCatalog.EnsembleId).Metrics;
        Directory.CreateDirectory(metricsPath); // a directory where the file should go: every write fails
        var service = new ModelComparisonService(registryServed.Registry, new MnistTestSet(TestSet()), NoPenDigits(), NullLogger<ModelComparisonService>.Instance);
        var states = new List<EvaluationState>();
        service.Changed += () => { lock (states) { states.Add(service.EnsembleEvaluation.State); } };

        await service.MeasureNowAsync();

        Assert.Equal(EvaluationState.Current, service.EnsembleEvaluation.State);
        Assert.Contains("Ensemble of 3 CNNs: 10.00 % on 260 test images", service.EnsembleEvaluation.Message);
        Assert.Contains("Not saved to ensemble/metrics.json: ", service.EnsembleEvaluation.Message);
        Assert.DoesNotContain(models.Directory, service.EnsembleEvaluation.Message);

        // Kept in memory: the next visit does not evaluate again.
        lock (states)
        {
            states.Clear();
        }

        await service.MeasureNowAsync();
        Assert.DoesNotContain(EvaluationState.Running, states);
        Assert.Equal(EvaluationState.Current, service.EnsembleEvaluation.State);
    }

    [Fact]
    public async Task While_a_training_writes_the_models_nothing_stale_is_measured_and_once_it_ends_everything_is()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromMilliseconds(100));
        var penFile = Path.Combine(models.Directory, "pens.tes");
        File.WriteAllText(penFile, UnipenText.FourDigits());
        var service = new ModelComparisonService(
            registryServed.Registry, new MnistTestSet(TestSet()), PenDigitsFrom(penFile), NullLogger<ModelComparisonService>.Instance)
        {
            TrainingPollInterval = TimeSpan.FromMilliseconds(50),
        };
        var metricsPath = new ModelFiles(models.Directory, ModelCatalog.EnsembleId).Metrics;
        var training = TrainingLock.TryTake(models.Directory)!; // as a trainer, here or in a terminal, holds it

        await service.MeasureNowAsync();

        Assert.Equal(EvaluationState.Waiting, service.EnsembleEvaluation.State);
        Assert.Equal(EvaluationState.Waiting, service.PenDigitsEvaluation.State);
        Assert.Equal(EvaluationState.Waiting, service.PenDigitVariationsEvaluation.State);
        Assert.Equal(
            "nn, simple-cnn, cnn-proj, cnn-quad, ensemble will be measured on the 4 pen digits when the training writing the models now ends (beside it, it would slow the training down).",
            service.PenDigitsEvaluation.Message);
        Assert.StartsWith("The ensemble is evaluated on the 260 test images when the training writing the models now ends", service.EnsembleEvaluation.Message);
        Assert.Empty(service.MedianLatency);
        Assert.Empty(service.PenDigitMetrics);
        Assert.False(File.Exists(metricsPath));

        var measured = new TaskCompletionSource();
        service.Changed += () =>
        {
            if (service.EnsembleEvaluation.State == EvaluationState.Current)
            {
                measured.TrySetResult();
            }
        };
        training.Dispose();
        await measured.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(EvaluationState.Current, service.PenDigitsEvaluation.State);
        Assert.Equal(EvaluationState.Current, service.PenDigitVariationsEvaluation.State);
        Assert.Equal([.. ModelCatalog.Ids, ModelCatalog.EnsembleId], service.PenDigitMetrics.Keys.ToHashSet());
        Assert.NotEmpty(service.MedianLatency);
        Assert.True(File.Exists(metricsPath));

        // A training that starts with nothing stale leaves every figure as it stands.
        using (TrainingLock.TryTake(models.Directory))
        {
            await service.MeasureNowAsync();
        }

        Assert.Equal(EvaluationState.Current, service.EnsembleEvaluation.State);
        Assert.Equal(EvaluationState.Current, service.PenDigitsEvaluation.State);
        Assert.Equal(EvaluationState.Current, service.PenDigitVariationsEvaluation.State);
    }

    private static PenDigitsService PenDigitsFrom(string file) =>
        new(Options.Create(new PenDigitsOptions { File = file }), Options.Create(new InsightsOptions()), NullLogger<PenDigitsService>.Instance);

    /// <summary>260 images (not a multiple of the batch size) labelled index % 10.</summary>
    private static LabeledImages TestSet()
    {
        var labels = Enumerable.Range(0, 260).Select(i => (byte)(i % 10)).ToArray();
        var pixels = new byte[labels.Length * MnistGeometry.PixelCount];
        for (var i = 0; i < labels.Length; i++)
        {
            pixels[i * MnistGeometry.PixelCount + 400] = 255;
        }

        return new LabeledImages(pixels, labels);
    }

    private static PenDigitsService NoPenDigits() => PenDigitsFrom(Path.Combine(Path.GetTempPath(), "mnistblazor-no-such-dir", "pens.tes"));
}
