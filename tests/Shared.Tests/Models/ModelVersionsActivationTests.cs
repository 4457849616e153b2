using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class ModelVersionsActivationTests : IDisposable
{
    private const string Model = "cnn-quad";
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Readers_holding_the_activation_lock_never_see_a_half_activated_set()
    {
        // Each version's files all carry its name, so a mixed set is visible.
        foreach (var version in new[] { "alpha", "beta" })
        {
            var files = ModelVersions.FilesOf(folder.Path, Model, version);
            Directory.CreateDirectory(files.Directory);
            File.WriteAllText(files.Weights, version);
            File.WriteAllText(files.Metrics, version);
            File.WriteAllText(files.Card, version);
            File.WriteAllText(files.Onnx, version + new string('.', version.Length * 100));
        }

        ModelVersions.Activate(folder.Path, Model, "alpha");
        var active = new ModelFiles(folder.Path, Model);
        using var stop = new CancellationTokenSource();
        var mixed = 0;
        var reads = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using (ModelVersions.LockActivation(folder.Path, Model))
                {
                    var metrics = File.ReadAllText(active.Metrics);
                    if (File.ReadAllText(active.Weights) != metrics || File.ReadAllText(active.Card) != metrics
                        || !File.ReadAllText(active.Onnx).StartsWith(metrics + ".", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref mixed);
                    }
                }

                Interlocked.Increment(ref reads);
            }
        })).ToArray();

        SpinWait.SpinUntil(() => Volatile.Read(ref reads) > 0, TimeSpan.FromSeconds(10));
        var readsBefore = Volatile.Read(ref reads);
        // At least 60 switches, and on until the readers read during them (for up to 30 s); an even count ends on "alpha".
        var switching = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 60 || (Volatile.Read(ref reads) - readsBefore < 20 && switching.Elapsed < TimeSpan.FromSeconds(30)) || round % 2 == 1; round++)
        {
            ModelVersions.Activate(folder.Path, Model, round % 2 == 0 ? "beta" : "alpha");
            Thread.Sleep(2); // the lock free a moment: on a busy machine the readers, backing off, seldom found it so
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(reads - readsBefore >= 20, $"Only {reads - readsBefore} reads happened during the switches.");
        Assert.Equal(0, mixed);
        Assert.Equal("alpha", ModelVersions.List(folder.Path, Model).Single(v => v.IsActive).Name);
    }

    [Fact]
    public void A_version_brings_its_int8_file_along_and_one_without_leaves_no_stale_int8_behind()
    {
        var active = ModelInUse("trained", "trained-fp32", "trained-int8");
        ModelVersions.KeepCurrent(folder.Path, Model);
        var plain = ModelVersions.FilesOf(folder.Path, Model, "plain");
        Directory.CreateDirectory(plain.Directory);
        File.WriteAllText(plain.Weights, "plain");
        File.WriteAllText(plain.Onnx, "plain-fp32");

        Assert.Equal("trained-int8", File.ReadAllText(ModelVersions.FilesOf(folder.Path, Model, ModelVersions.OriginalName).Int8Onnx));
        ModelVersions.Activate(folder.Path, Model, "plain");
        Assert.False(File.Exists(active.Int8Onnx));
        ModelVersions.Activate(folder.Path, Model, ModelVersions.OriginalName);
        Assert.Equal("trained-int8", File.ReadAllText(active.Int8Onnx));
        Assert.Equal("trained-fp32", File.ReadAllText(active.Onnx));
    }

    [Fact]
    public void Switching_away_from_a_model_that_is_no_version_keeps_it_as_one_first()
    {
        var active = new ModelFiles(folder.Path, Model);
        WriteModel(active, "quick");
        Assert.Equal(ModelVersions.OriginalName, ModelVersions.KeepCurrent(folder.Path, Model));
        Assert.Equal(ModelVersions.OriginalName, ModelVersions.KeepCurrent(folder.Path, Model)); // kept once
        var tune = ModelVersions.FilesOf(folder.Path, Model, ModelVersions.FineTuneName(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero)));
        WriteModel(tune, "tuned");
        // A new training replaces the model's files (the card says when it was trained).
        WriteModel(active, "full");
        RecordFile.Write(active.Card, new ModelCard
        {
            ModelId = Model, DisplayName = "CNN + quadrants", Architecture = "", DataSource = "mnist", DataChecksum = "abc",
            Recipe = new TrainingRecipe("modern", "adamw", 0.002, "one-cycle", 64, 2, true, 0.05, 42, null),
            TrainedAt = new DateTimeOffset(2026, 12, 6, 9, 30, 5, TimeSpan.Zero),
        });
        WriteModel(ModelVersions.FilesOf(folder.Path, Model, "trained-20261206-093005"), "an older file of the same name");

        ModelVersions.Activate(folder.Path, Model, ModelVersions.OriginalName);

        var versions = ModelVersions.List(folder.Path, Model);
        // The original first, then by the time in the names: the training of 09:30 before the fine-tune of 10:00.
        Assert.Equal(
            [ModelVersions.OriginalName, "trained-20261206-093005", "trained-20261206-093005-2", tune.ModelId],
            versions.Select(v => v.Name));
        Assert.Equal("full", File.ReadAllText(versions[2].Files.Weights));
        Assert.Equal("quick", File.ReadAllText(active.Weights));
        ModelVersions.Activate(folder.Path, Model, versions[2].Name);
        Assert.Equal("full", File.ReadAllText(active.Weights));
        Assert.Equal(4, ModelVersions.List(folder.Path, Model).Count);
    }

    [Fact]
    public void A_file_replaced_within_the_same_clock_tick_by_one_of_the_same_length_is_told_apart()
    {
        WriteModel(ModelVersions.FilesOf(folder.Path, Model, "one"), "one");
        WriteModel(ModelVersions.FilesOf(folder.Path, Model, "two"), "two");
        var active = new ModelFiles(folder.Path, Model);
        WriteModel(active, "one");
        var tick = File.GetLastWriteTimeUtc(active.Onnx);
        Assert.Equal("one", ModelVersions.List(folder.Path, Model).Single(v => v.IsActive).Name);

        // A coarse file clock gives the next write the same time.
        File.WriteAllText(active.Onnx, "two-onnx");
        File.SetLastWriteTimeUtc(active.Onnx, tick);

        Assert.Equal("two", ModelVersions.List(folder.Path, Model).Single(v => v.IsActive).Name);
    }

    [Fact]
    public void A_settled_file_replaced_by_another_of_the_same_length_is_seen_as_changed()
    {
        var one = ModelVersions.FilesOf(folder.Path, Model, "one");
        var two = ModelVersions.FilesOf(folder.Path, Model, "two");
        WriteModel(one, "one");
        WriteModel(two, "two");
        var active = new ModelFiles(folder.Path, Model);
        WriteModel(active, "one");
        var longAgo = DateTime.UtcNow.AddMinutes(-5);
        foreach (var file in new[] { one.Onnx, two.Onnx, active.Onnx })
        {
            File.SetLastWriteTimeUtc(file, longAgo);
        }

        Assert.Equal("one", ModelVersions.List(folder.Path, Model).Single(v => v.IsActive).Name); // every hash kept from here on

        File.WriteAllText(active.Onnx, "two-onnx"); // a new write: a new write time
        Assert.Equal("two", ModelVersions.List(folder.Path, Model).Single(v => v.IsActive).Name);
    }

    [Fact]
    public void A_version_not_in_use_is_deleted_whole_and_the_one_in_use_is_refused()
    {
        var active = new ModelFiles(folder.Path, Model);
        WriteModel(active, "quick");
        ModelVersions.KeepCurrent(folder.Path, Model);
        var tune = ModelVersions.FilesOf(folder.Path, Model, "finetune-20261206-100000");
        WriteModel(tune, "tuned");
        // A deletion interrupted earlier left its hidden folder: never listed, removed by the next deletion.
        var leftover = ModelVersions.FilesOf(folder.Path, Model, ".deleting-finetune-20261201-000000-0123");
        WriteModel(leftover, "half gone");
        Assert.Equal([ModelVersions.OriginalName, tune.ModelId], ModelVersions.List(folder.Path, Model).Select(v => v.Name));

        var inUse = Assert.Throws<InvalidOperationException>(() => ModelVersions.Delete(folder.Path, Model, ModelVersions.OriginalName));
        Assert.Equal($"original is the version of '{Model}' in use: put another one in use first, then delete it.", inUse.Message);
        var unknown = Assert.Throws<ArgumentException>(() => ModelVersions.Delete(folder.Path, Model, "../../elsewhere"));
        Assert.Contains("it has: original, finetune-20261206-100000.", unknown.Message);

        ModelVersions.Delete(folder.Path, Model, tune.ModelId);

        Assert.Equal([ModelVersions.OriginalName], ModelVersions.List(folder.Path, Model).Select(v => v.Name));
        Assert.Equal([ModelVersions.FilesOf(folder.Path, Model, ModelVersions.OriginalName).Directory], Directory.GetDirectories(ModelVersions.Root(folder.Path, Model)));
        Assert.Equal("quick", File.ReadAllText(active.Weights));
        Assert.Equal("quick".Length + "quick-onnx".Length, ModelVersions.SizeOf(ModelVersions.List(folder.Path, Model)[0]));
    }

    [Fact]
    public void A_model_without_an_onnx_file_has_nothing_to_keep()
    {
        Assert.Null(ModelVersions.KeepCurrent(folder.Path, Model));
        Assert.Empty(ModelVersions.List(folder.Path, Model));
    }

    [Theory]
    [InlineData("original", "original")]
    [InlineData("finetune-20261206-201502", "fine-tune of 6 Dec 2026, 20:15 UTC")]
    [InlineData("trained-20261130-093005", "training of 30 Nov 2026, 09:30 UTC")]
    [InlineData("trained-20261130-093005-2", "training of 30 Nov 2026, 09:30 UTC (2)")]
    [InlineData("trained-20261130-093005-x", "trained-20261130-093005-x")]
    [InlineData("finetune-later", "finetune-later")]
    public void Pages_name_a_version_by_its_kind_and_time(string name, string described) =>
        Assert.Equal(described, ModelVersions.Describe(name));

    private static void WriteModel(ModelFiles files, string content)
    {
        Directory.CreateDirectory(files.Directory);
        File.WriteAllText(files.Weights, content);
        File.WriteAllText(files.Onnx, content + "-onnx");
    }

    [Fact]
    public void The_lock_is_exclusive_and_a_waiter_times_out_with_a_clear_message()
    {
        using (ModelVersions.LockActivation(folder.Path, Model))
        {
            var error = Assert.Throws<TimeoutException>(() => ModelVersions.LockActivation(folder.Path, Model, TimeSpan.FromMilliseconds(100)));
            Assert.Contains("is being switched to another version", error.Message);
        }

        using (ModelVersions.LockActivation(folder.Path, Model, TimeSpan.FromMilliseconds(100)))
        {
            // released: taken again at once
        }
    }

    [Fact]
    public void Exports_written_again_from_the_same_weights_stay_the_version_in_use()
    {
        var model = ModelInUse("weights", "exported by the old exporter", "old int8");
        Assert.Equal(ModelVersions.OriginalName, ModelVersions.KeepCurrent(folder.Path, Model));

        ModelVersions.RewriteExports(folder.Path, Model, () =>
        {
            File.WriteAllText(model.Onnx, "exported by the new exporter");
            File.WriteAllText(model.Int8Onnx, "new int8");
        });

        var original = Assert.Single(ModelVersions.List(folder.Path, Model));
        Assert.True(original.IsActive);
        Assert.Equal("exported by the new exporter", File.ReadAllText(original.Files.Onnx));
        Assert.Equal("new int8", File.ReadAllText(original.Files.Int8Onnx));
    }

    [Fact]
    public void A_version_whose_weights_are_no_longer_the_model_s_is_not_given_the_new_exports()
    {
        var model = ModelInUse("weights", "exported");
        ModelVersions.KeepCurrent(folder.Path, Model);

        ModelVersions.RewriteExports(folder.Path, Model, () =>
        {
            File.WriteAllText(model.Weights, "other weights"); // another training replaced the model meanwhile
            File.WriteAllText(model.Onnx, "exported from the other weights");
        });

        var original = Assert.Single(ModelVersions.List(folder.Path, Model));
        Assert.False(original.IsActive);
        Assert.Equal("exported", File.ReadAllText(original.Files.Onnx));
    }

    /// <summary>The model's own files (the set in use), each holding the given text.</summary>
    private ModelFiles ModelInUse(string weights, string onnx, string? int8 = null)
    {
        var files = new ModelFiles(folder.Path, Model);
        Directory.CreateDirectory(files.Directory);
        File.WriteAllText(files.Weights, weights);
        File.WriteAllText(files.Onnx, onnx);
        if (int8 is not null)
        {
            File.WriteAllText(files.Int8Onnx, int8);
        }

        return files;
    }
}
