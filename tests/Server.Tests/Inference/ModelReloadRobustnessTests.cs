using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>A bad file never replaces a working model; reloads of one model never let an older file win; activation is seen whole.</summary>
public sealed class ModelReloadRobustnessTests
{
    private const string Quad = "cnn-quad";

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(2000)]
    public void A_truncated_file_keeps_the_previous_session_serving_and_says_why(int keptBytes)
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);
        Assert.Equal(TestModels.CnnQuadrantsDigit, Digit(classifier, Quad));

        var bytes = File.ReadAllBytes(models.OnnxPath(Quad));
        File.WriteAllBytes(models.OnnxPath(Quad), bytes.AsSpan(0, Math.Min(keptBytes, bytes.Length / 2)).ToArray());
        registry.Reload(Quad);

        var status = classifier.Models.Single(m => m.ModelId == Quad);
        Assert.Equal(ModelAvailability.Ready, status.Availability);
        Assert.StartsWith(ModelRegistry.PreviousVersionNote, status.Reason);
        Assert.Contains("cnn-quad/model.onnx", status.Reason);
        Assert.DoesNotContain(models.Directory, status.Reason);
        Assert.Equal(TestModels.CnnQuadrantsDigit, Digit(classifier, Quad));
        Assert.Null(classifier.Models.Single(m => m.ModelId == ModelCatalog.EnsembleId).Reason); // all three CNNs still answer

        TinyOnnxModel.WriteConstant(models.OnnxPath(Quad), 5);
        registry.Reload(Quad);
        Assert.Equal(5, Digit(classifier, Quad));
        Assert.Null(classifier.Models.Single(m => m.ModelId == Quad).Reason);
    }

    [Fact]
    public void A_broken_first_file_is_unavailable_with_a_reason_without_paths()
    {
        using var models = TestModels.AllFour();
        models.WriteCorrupt(Quad);
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        var registry = registryServed.Registry;

        var status = registry.Statuses.Single(m => m.ModelId == Quad);
        Assert.Equal(ModelAvailability.Unavailable, status.Availability);
        Assert.Contains("cnn-quad/model.onnx cannot be loaded by ONNX Runtime", status.Reason);
        Assert.DoesNotContain(models.Directory, status.Reason);
        Assert.DoesNotContain(Path.GetTempPath(), registry.Statuses.Single(m => m.ModelId == "nn").Reason ?? "");
    }

    [Fact]
    public async Task A_storm_of_concurrent_reloads_ends_on_the_newest_file()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromHours(1)); // only this test reloads
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);
        // Every swap, in order: a file never replaces a newer one that was already serving.
        var served = new List<DateTime>();
        var olderAfterNewer = 0;
        registry.Changed += () =>
        {
            var model = registry.Acquire(Quad);
            if (model is null)
            {
                return;
            }

            lock (served)
            {
                if (served.Count > 0 && model.Stamp.LastWriteUtc < served[^1])
                {
                    olderAfterNewer++;
                }

                served.Add(model.Stamp.LastWriteUtc);
            }

            model.Release();
        };

        for (var storm = 0; storm < 3; storm++)
        {
            var finalWritten = 0;
            var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            {
                // Reload until a reload started after the last write has completed.
                while (true)
                {
                    var afterLastWrite = Volatile.Read(ref finalWritten) == 1;
                    registry.Reload(Quad);
                    if (afterLastWrite)
                    {
                        return;
                    }
                }
            })).ToArray();

            for (var digit = 0; digit < 10; digit++)
            {
                TinyOnnxModel.WriteConstant(models.OnnxPath(Quad), digit);
            }

            var newest = storm + 3;
            TinyOnnxModel.WriteConstant(models.OnnxPath(Quad), newest);
            Volatile.Write(ref finalWritten, 1);
            await Task.WhenAll(workers);

            Assert.Equal(newest, Digit(classifier, Quad));
            var current = registry.Acquire(Quad)!;
            try
            {
                Assert.Equal(FileStamp.Of(models.OnnxPath(Quad)), current.Stamp);
            }
            finally
            {
                current.Release();
            }
        }

        Assert.Equal(0, olderAfterNewer);
    }

    [Fact]
    public async Task A_slow_load_of_an_older_file_never_finishes_last_over_a_newer_one()
    {
        using var models = TestModels.AllFour();
        using var registryServed = ServedModels.On(models.Directory, TimeSpan.FromHours(1)); // only this test reloads
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);

        // A large file (slow to read and load), then while it loads a small newer one.
        TinyOnnxModel.WriteConstant(models.OnnxPath(Quad), 4, paddingFloats: 12_000_000);
        var slow = Task.Run(() => registry.Reload(Quad));
        await Task.Delay(60);
        TinyOnnxModel.WriteConstant(models.OnnxPath(Quad), 9);
        var fast = Task.Run(() => registry.Reload(Quad));
        await Task.WhenAll(slow, fast).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(9, Digit(classifier, Quad));
    }

    [Fact]
    public async Task Switching_versions_under_concurrent_reloads_and_reads_never_serves_one_versions_file_with_anothers_metrics()
    {
        using var models = TestModels.AllFour();
        var directory = WithTwoVersions(models);
        using var registryServed = ServedModels.On(directory, TimeSpan.FromMilliseconds(10));
        var registry = registryServed.Registry;
        using var stop = new CancellationTokenSource();

        var mismatches = 0;
        var checks = 0;
        var reloader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                registry.Reload(Quad);
            }
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var model = registry.Acquire(Quad);
                if (model is null)
                {
                    continue;
                }

                try
                {
                    var probabilities = model.Predict(new float[784]);
                    var digit = Array.IndexOf(probabilities, probabilities.Max());
                    var expected = digit == 3 ? 0.25 : 0.75;
                    if (model.TestAccuracy != expected)
                    {
                        Interlocked.Increment(ref mismatches);
                    }

                    Interlocked.Increment(ref checks);
                }
                finally
                {
                    model.Release();
                }
            }
        })).ToArray();

        for (var round = 0; round < 40; round++)
        {
            ModelVersions.Activate(directory, Quad, round % 2 == 0 ? "six" : "three");
        }

        // Reads go on after the last switch until some have been served, however slowly a busy machine loads the model.
        var checksAtLastSwitch = Volatile.Read(ref checks);
        var patience = Stopwatch.StartNew();
        do
        {
            await Task.Delay(200);
        }
        while (Volatile.Read(ref checks) <= checksAtLastSwitch && patience.Elapsed < TimeSpan.FromSeconds(30));

        await stop.CancelAsync();
        await Task.WhenAll([reloader, .. readers]);

        Assert.True(checks > checksAtLastSwitch, $"{checks} reads served, {checksAtLastSwitch} of them before the last switch");
        Assert.Equal(0, mismatches);
        registry.Reload(Quad);
        var final = registry.Acquire(Quad)!;
        try
        {
            Assert.Equal(0.25, final.TestAccuracy); // the last activation was "three"
        }
        finally
        {
            final.Release();
        }
    }

    [Fact]
    public async Task A_reload_during_an_activation_by_another_process_waits_and_then_loads_the_whole_new_set()
    {
        using var models = TestModels.AllFour();
        var directory = WithTwoVersions(models);
        using var registryServed = ServedModels.On(directory, TimeSpan.FromHours(1)); // only this test reloads
        var registry = registryServed.Registry;
        var active = new ModelFiles(directory, Quad);
        var six = ModelVersions.FilesOf(directory, Quad, "six");

        Task reload;
        using (ModelVersions.LockActivation(directory, Quad))
        {
            // Half-way through activating "six" (as the CLI does it): the metrics are new, the ONNX file is not yet.
            File.Copy(six.Metrics, active.Metrics, overwrite: true);
            reload = Task.Run(() => registry.Reload(Quad));
            await Task.Delay(300);

            Assert.False(reload.IsCompleted, "The reload read the files while a version was being activated.");
            AssertServed(registry, digit: 3, accuracy: 0.25);
            File.Copy(six.Onnx, active.Onnx, overwrite: true);
        }

        await reload.WaitAsync(TimeSpan.FromSeconds(30));
        AssertServed(registry, digit: 6, accuracy: 0.75);
    }

    private static void AssertServed(ModelRegistry registry, int digit, double accuracy)
    {
        var model = registry.Acquire(Quad)!;
        try
        {
            var probabilities = model.Predict(new float[784]);
            Assert.Equal(digit, Array.IndexOf(probabilities, probabilities.Max()));
            Assert.Equal(accuracy, model.TestAccuracy);
            Assert.Equal(accuracy, registry.Statuses.Single(s => s.ModelId == Quad).TestAccuracy);
        }
        finally
        {
            model.Release();
        }
    }

    /// <summary>Version "three" (answers 3, measured 0.25) in use, version "six" (answers 6, measured 0.75) beside it.</summary>
    private static string WithTwoVersions(TestModels models)
    {
        WriteVersion(models.Directory, "three", digit: 3, accuracy: 0.25);
        WriteVersion(models.Directory, "six", digit: 6, accuracy: 0.75);
        ModelVersions.Activate(models.Directory, Quad, "three");
        return models.Directory;
    }

    private static void WriteVersion(string directory, string version, int digit, double accuracy)
    {
        var files = ModelVersions.FilesOf(directory, Quad, version);
        TinyOnnxModel.WriteConstant(files.Onnx, digit);
        var labels = new byte[4];
        var probabilities = new float[40];
        var correct = (int)(accuracy * 4);
        for (var i = 0; i < 4; i++)
        {
            probabilities[i * 10 + (i < correct ? 0 : 1)] = 1;
        }

        RecordFile.Write(files.Metrics, TestMetrics.Compute(Quad, "test", labels, probabilities, DateTimeOffset.UnixEpoch));
    }

    private static int? Digit(OnnxDigitClassifier classifier, string modelId)
    {
        var pixels = new float[784];
        pixels[350] = 1;
        return classifier.Classify(pixels).Verdicts.Single(v => v.ModelId == modelId).PredictedDigit;
    }
}
