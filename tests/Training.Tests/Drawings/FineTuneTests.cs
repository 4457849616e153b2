using Microsoft.Data.Sqlite;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Drawings;
using MnistBlazor.Training.Evaluation;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;
using static MnistBlazor.Training.Tests.Support.CliRun;

namespace MnistBlazor.Training.Tests.Drawings;

public sealed class FineTuneTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public FineTuneTests()
    {
        Models = directory.File("models");
        Files = ModelFiles.For(Models, ModelCatalog.Nn);
    }

    private string Models { get; }

    private ModelFiles Files { get; }

    private string DatabasePath => directory.File("drawings.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    private (int ExitCode, string Output, string Error) FineTune(CancellationToken stop = default, string model = "nn", params string[] more) =>
        Run(stop, ["finetune", "--model", model, "--mnist-images", "300", "--drawings-db", DatabasePath,
            "--models-dir", Models, "--data-dir", TestData.DataDirectory, .. more]);

    /// <summary>A freshly initialised model (the NN unless named) as the "trained" one: weights and ONNX in its folder.</summary>
    private void WriteBaseModel(string modelId = "nn")
    {
        random.manual_seed(5);
        var files = ModelFiles.For(Models, ModelCatalog.Get(modelId));
        using var model = ModelFactory.Create(modelId);
        ModelStore.SaveWeights(model, files);
        model.eval();
        OnnxExporter.Export(model, modelId, files.Onnx);
    }

    private void SaveDrawings(int count)
    {
        using var store = DrawingStore.Open(DatabasePath);
        SavedDigits.Save(store, count);
    }

    [Fact]
    public void Fine_tuning_keeps_the_original_puts_the_new_version_in_use_and_can_switch_back()
    {
        WriteBaseModel();
        SaveDrawings(8);
        var originalOnnx = File.ReadAllBytes(Files.Onnx);
        var originalWeights = File.ReadAllBytes(Files.Weights);

        var (exitCode, output, error) = FineTune();

        Assert.True(exitCode == 0, error);
        var versions = ModelVersions.List(Models, "nn");
        Assert.Equal(2, versions.Count);
        var (original, tuned) = (versions[0], versions[1]);
        Assert.Equal(ModelVersions.OriginalName, original.Name);
        Assert.StartsWith(ModelVersions.FineTunePrefix, tuned.Name);
        Assert.Equal(originalOnnx, File.ReadAllBytes(original.Files.Onnx));
        Assert.Equal(originalWeights, File.ReadAllBytes(original.Files.Weights));
        Assert.True(tuned.IsActive);
        Assert.False(original.IsActive);
        Assert.Equal(File.ReadAllBytes(tuned.Files.Onnx), File.ReadAllBytes(Files.Onnx));
        Assert.NotEqual(originalWeights, File.ReadAllBytes(Files.Weights));
        Assert.False(File.Exists(tuned.Files.Checkpoint)); // a finished fine-tune keeps no optimizer state

        var report = RecordFile.Read<FineTuneReport>(Path.Combine(tuned.Files.Directory, FineTuneReport.FileName));
        Assert.Equal(3, report.HeldOutDrawingIds.Count); // about a quarter of 8, as the ids and the default seed fall
        Assert.Equal(5, report.TrainingDrawings);
        Assert.Equal(300, report.MnistImages);
        Assert.Equal(6, report.DrawingCopies); // about a tenth of 300 MNIST images: 30 / 5
        Assert.Equal(ModelVersions.OriginalName, report.StartedFrom);
        Assert.True(report.Activated);
        Assert.Null(report.NotActivatedBecause);
        Assert.Equal(report.MnistTestAfter, RecordFile.Read<TestMetrics>(Files.Metrics).Accuracy);
        foreach (var (misread, accuracy) in new[] { (report.MisreadBefore!, report.HeldOutBefore), (report.MisreadAfter!, report.HeldOutAfter) })
        {
            Assert.Equal((int)Math.Round(3 * (1 - accuracy)), misread.Count);
            Assert.All(misread, m => Assert.Contains(m.DrawingId, report.HeldOutDrawingIds));
            Assert.All(misread, m => Assert.NotEqual(m.Label, m.Read));
        }

        Assert.Contains("nn before (original)", output);
        Assert.Contains($"nn after ({tuned.Name})", output);
        Assert.Contains("held-out drawings (3)", output);
        if (report.Changes() is { Any: true } changes)
        {
            Assert.Contains($"[nn] held-out drawings now read right: ", output);
            Assert.All(changes.NowRight, d => Assert.Contains($"#{d.DrawingId} (a {d.Label} read {d.Read} before)", output));
        }


        var (switchCode, switchOutput, switchError) = Run("versions", "--model", "nn", "--activate", "original", "--models-dir", Models);

        Assert.True(switchCode == 0, switchError);
        Assert.Equal(originalOnnx, File.ReadAllBytes(Files.Onnx));
        Assert.Equal(originalWeights, File.ReadAllBytes(Files.Weights));
        Assert.Contains("* original  (", switchOutput);
        Assert.True(ModelVersions.List(Models, "nn")[0].IsActive);
    }

    [Fact]
    public void A_new_training_after_a_fine_tune_is_kept_as_a_version_and_each_card_records_where_it_started()
    {
        WriteBaseModel();
        var quick = new ModelCard
        {
            ModelId = "nn", DisplayName = "NN", Architecture = "test", DataSource = "mnist", DataChecksum = "abc", EpochsCompleted = 40,
            Recipe = new TrainingRecipe(TrainingRecipe.QuickProfileNameOf("modern"), "adamw", 0.002, "one-cycle", 128, 40, true, 0.05, 42, 20_000, "styles"),
        };
        RecordFile.Write(Files.Card, quick);
        SaveDrawings(8);

        var (firstCode, _, firstError) = FineTune();
        Assert.True(firstCode == 0, firstError);
        var firstTune = RecordFile.Read<ModelCard>(Files.Card);
        Assert.Equal(quick, firstTune.FineTunedFrom);
        Assert.True(firstTune.TrainedOnPartOfMnist()); // through the quick training it started from
        Assert.Equal(1, firstTune.FineTuneCount());

        // A training from scratch (as the web app's full recipe starts) replaces the fine-tuned model in use.
        var (trainCode, trainOutput, trainError) = Run("train", "--model", "nn", "--epochs", "1", "--training-images", "300", "--no-augment",
            "--models-dir", Models, "--data-dir", TestData.DataDirectory);
        Assert.True(trainCode == 0, trainError);
        var trained = ModelVersions.List(Models, "nn");
        Assert.Equal(3, trained.Count);
        Assert.Equal([ModelVersions.OriginalName, trained[1].Name, trained[2].Name], trained.Select(v => v.Name));
        Assert.StartsWith(ModelVersions.FineTunePrefix, trained[1].Name);
        var newTraining = trained[2];
        Assert.StartsWith(ModelVersions.TrainedPrefix, newTraining.Name);
        Assert.True(newTraining.IsActive);
        Assert.Contains($"[nn] kept as version {newTraining.Name} beside its other versions", trainOutput);
        Assert.Null(RecordFile.Read<ModelCard>(Files.Card).FineTunedFrom);

        var (secondCode, secondOutput, secondError) = FineTune();
        Assert.True(secondCode == 0, secondError);
        Assert.Contains($"nn before ({newTraining.Name})", secondOutput);
        var secondTune = RecordFile.Read<ModelCard>(Files.Card);
        Assert.Equal(RecordFile.Read<ModelCard>(newTraining.Files.Card), secondTune.FineTunedFrom);
        Assert.Equal(300, secondTune.BaseTraining().Recipe.TrainingImages);

        // Switching back to the original keeps every other version: the new training is still there to return to.
        var (switchCode, _, switchError) = Run("versions", "--model", "nn", "--activate", ModelVersions.OriginalName, "--models-dir", Models);
        Assert.True(switchCode == 0, switchError);
        var (backCode, _, backError) = Run("versions", "--model", "nn", "--activate", newTraining.Name, "--models-dir", Models);
        Assert.True(backCode == 0, backError);
        Assert.Equal(File.ReadAllBytes(newTraining.Files.Onnx), File.ReadAllBytes(Files.Onnx));
        Assert.Equal(4, ModelVersions.List(Models, "nn").Count);

        // The fine-tunes are deleted; the version in use is refused.
        var (refusedCode, _, refusedError) = Run("versions", "--model", "nn", "--delete", newTraining.Name, "--models-dir", Models);
        Assert.Equal(2, refusedCode);
        Assert.Contains("is the version of 'nn' in use: put another one in use first", refusedError);
        foreach (var fineTune in ModelVersions.List(Models, "nn").Where(v => v.Name.StartsWith(ModelVersions.FineTunePrefix, StringComparison.Ordinal)))
        {
            var (deleteCode, deleteOutput, deleteError) = Run("versions", "--model", "nn", "--delete", fineTune.Name, "--models-dir", Models);
            Assert.True(deleteCode == 0, deleteError);
            Assert.Contains($"nn: {fineTune.Name} deleted.", deleteOutput);
        }

        var (listCode, listOutput, _) = Run("versions", "--model", "nn", "--models-dir", Models);
        Assert.Equal(0, listCode);
        Assert.Matches($@"^  original  \([0-9.]+ MB\)\n\* {newTraining.Name}  \(training of [^,]+, [0-9:]+ UTC, [0-9.]+ MB\)$", listOutput.TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Several_models_are_fine_tuned_in_one_run_each_put_in_use_only_when_not_worse()
    {
        WriteBaseModel("nn");
        WriteBaseModel("simple-cnn");
        RecordFile.Write(ModelFiles.For(Models, ModelCatalog.SimpleCnn).Card, new ModelCard
        {
            ModelId = "simple-cnn", DisplayName = "Simple CNN", Architecture = "test", DataSource = "mnist", DataChecksum = "abc",
            Recipe = new TrainingRecipe("modern", "adamw", 0.002, "one-cycle", 64, 2, true, 0.05, 42, 20_000, "drawn"),
        });
        SaveDrawings(8);

        var (exitCode, output, error) = FineTune(model: "nn,simple-cnn", more: "--only-if-not-worse");

        Assert.True(exitCode == 0, error);
        foreach (var id in new[] { "nn", "simple-cnn" })
        {
            var versions = ModelVersions.List(Models, id);
            var tuned = Assert.Single(versions, v => v.Name != ModelVersions.OriginalName);
            var report = RecordFile.Read<FineTuneReport>(Path.Combine(tuned.Files.Directory, FineTuneReport.FileName));
            var worse = FineTuneReport.WhyWorse(report.MnistTestBefore, report.MnistTestAfter, report.HeldOutBefore, report.HeldOutAfter);
            Assert.Equal(worse, report.NotActivatedBecause);
            Assert.Equal(worse is null, report.Activated);
            Assert.Equal(worse is null, tuned.IsActive);
            Assert.Contains($"[{id}] {tuned.Name} is {(worse is null ? "now in use" : "kept beside original, not put in use")}", output);
        }

        var reports = new[] { "nn", "simple-cnn" }
            .Select(id => ModelVersions.List(Models, id).Single(v => v.Name != ModelVersions.OriginalName))
            .Select(v => RecordFile.Read<FineTuneReport>(Path.Combine(v.Files.Directory, FineTuneReport.FileName)))
            .ToArray();
        Assert.Equal(reports[0].HeldOutDrawingIds, reports[1].HeldOutDrawingIds); // both measured on the same drawings
        Assert.Null(reports[0].Augmentation); // the NN here has no card: it trained without
        Assert.Equal("drawn", reports[1].Augmentation); // as its original training did
    }

    [Fact]
    public void A_version_kept_aside_says_why_and_leaves_the_model_in_use()
    {
        WriteBaseModel();
        SaveDrawings(6);
        var onnx = File.ReadAllBytes(Files.Onnx);

        var (exitCode, output, error) = FineTune(more: "--no-activate");

        Assert.True(exitCode == 0, error);
        Assert.Equal(onnx, File.ReadAllBytes(Files.Onnx));
        var tuned = ModelVersions.List(Models, "nn").Single(v => v.Name != ModelVersions.OriginalName);
        var report = RecordFile.Read<FineTuneReport>(Path.Combine(tuned.Files.Directory, FineTuneReport.FileName));
        Assert.False(report.Activated);
        Assert.Equal("--no-activate was given", report.NotActivatedBecause);
        Assert.Contains($"put it in use with: {TrainingCommand.Prefix} versions --model nn --activate {tuned.Name}", output);
    }

    [Fact]
    public void Other_people_s_pen_digits_given_are_measured_before_and_after_and_decide_nothing()
    {
        WriteBaseModel();
        SaveDrawings(6);
        var penDigits = Path.Combine(AppContext.BaseDirectory, "PenDigits", "TestData", "pen-digits-excerpt.tes");
        var set = new LabeledSet(PenDigitSet.DatasetName, PenDigitSet.Load(penDigits).Render());
        double AccuracyOfModelInUse()
        {
            using var model = ModelStore.LoadTrained(Files, CPU);
            return ModelEvaluator.Evaluate("nn", model, set, CPU, DateTimeOffset.UnixEpoch).Accuracy;
        }

        var before = AccuracyOfModelInUse();

        var (exitCode, output, error) = FineTune(more: ["--pen-digits", penDigits]); // always put in use

        Assert.True(exitCode == 0, error);
        var tuned = ModelVersions.List(Models, "nn").Single(v => v.Name != ModelVersions.OriginalName);
        var report = RecordFile.Read<FineTuneReport>(Path.Combine(tuned.Files.Directory, FineTuneReport.FileName));
        Assert.Equal(before, report.PenDigitsBefore);
        Assert.Equal(AccuracyOfModelInUse(), report.PenDigitsAfter);
        Assert.Contains("pen digits (others)", output);

        // A file that cannot be read is reported, and the fine-tune goes on without that measurement.
        var broken = directory.File("broken.tes");
        File.WriteAllText(broken, ".SEGMENT DIGIT 0-1 ? \"7\"\n.PEN_DOWN\n12 oops\n");
        var (brokenCode, _, brokenError) = FineTune(more: ["--pen-digits", broken]);
        Assert.True(brokenCode == 0, brokenError);
        Assert.Contains("warning: not measuring on other people's pen digits: ", brokenError);
        Assert.Contains("broken.tes", brokenError);
        Assert.Null(RecordFile.Read<FineTuneReport>(Path.Combine(ModelVersions.List(Models, "nn").Last().Files.Directory, FineTuneReport.FileName)).PenDigitsAfter);

        // They decide nothing: what --only-if-not-worse decides comes from MNIST and the held-out drawings alone.
        var (secondCode, _, secondError) = FineTune(more: ["--pen-digits", penDigits, "--only-if-not-worse"]);
        Assert.True(secondCode == 0, secondError);
        var second = ModelVersions.List(Models, "nn").Last();
        var secondReport = RecordFile.Read<FineTuneReport>(Path.Combine(second.Files.Directory, FineTuneReport.FileName));
        Assert.Equal(
            FineTuneReport.WhyWorse(secondReport.MnistTestBefore, secondReport.MnistTestAfter, secondReport.HeldOutBefore, secondReport.HeldOutAfter),
            secondReport.NotActivatedBecause);
    }

    [Fact]
    public void Two_fine_tunes_begun_in_the_same_second_keep_two_versions()
    {
        WriteBaseModel();
        SaveDrawings(6);
        var second = new DateTimeOffset(2026, 12, 6, 21, 30, 0, TimeSpan.Zero);
        var request = new FineTuneRequest(
            [ModelCatalog.Nn], 1, 300, null, 0.25, 1e-4, 64, 42, FineTuneActivation.Always,
            SavedDrawingsSet.Locate(DatabasePath, null, TestData.DataDirectory), TestData.DataDirectory, Models);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            Assert.Equal(0, FineTuneCommand.Run(request, CPU, new CommandOutput(new StringWriter(), new StringWriter()), CancellationToken.None, () => second));
        }

        Assert.Equal(
            [ModelVersions.OriginalName, "finetune-20261206-213000", "finetune-20261206-213000-2"],
            ModelVersions.List(Models, "nn").Select(v => v.Name));
        Assert.True(ModelVersions.List(Models, "nn")[2].IsActive);
    }

    [Fact]
    public void No_activate_and_only_if_not_worse_together_are_refused()
    {
        var (exitCode, _, error) = FineTune(more: ["--no-activate", "--only-if-not-worse"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Give either --no-activate", error);
    }

    [Fact]
    public void An_interrupted_fine_tune_leaves_the_model_in_use_untouched()
    {
        WriteBaseModel();
        SaveDrawings(6);
        var onnx = File.ReadAllBytes(Files.Onnx);
        var weights = File.ReadAllBytes(Files.Weights);

        var (exitCode, _, error) = FineTune(new CancellationToken(canceled: true));

        Assert.Equal(TrainCommand.StoppedExitCode, exitCode);
        Assert.Contains("nn was not changed", error);
        Assert.Equal(onnx, File.ReadAllBytes(Files.Onnx));
        Assert.Equal(weights, File.ReadAllBytes(Files.Weights));
        Assert.Equal([ModelVersions.OriginalName], ModelVersions.List(Models, "nn").Select(v => v.Name));
        Assert.DoesNotContain(Directory.GetDirectories(ModelVersions.Root(Models, "nn")), d => Path.GetFileName(d).StartsWith(ModelVersions.FineTunePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Fine_tuning_needs_a_trained_model_and_two_drawings()
    {
        SaveDrawings(1);

        var (untrainedCode, _, untrainedError) = FineTune();

        Assert.Equal(2, untrainedCode);
        Assert.Contains(TrainingCommand.For("train --model nn"), untrainedError);

        WriteBaseModel();
        File.Move(Files.Onnx, Files.Onnx + ".aside");
        var (unexportedCode, _, unexportedError) = FineTune();

        Assert.Equal(2, unexportedCode);
        Assert.Contains("Model 'nn' has weights but no model.onnx", unexportedError);
        Assert.Contains(TrainingCommand.For("export --model nn"), unexportedError);

        File.Move(Files.Onnx + ".aside", Files.Onnx);
        var (exitCode, _, error) = FineTune();

        Assert.Equal(2, exitCode);
        Assert.Contains("at least 2 saved drawings", error);
    }

    [Fact]
    public void A_fine_tune_waits_for_no_other_training_and_changes_nothing_while_one_writes_there()
    {
        WriteBaseModel();
        SaveDrawings(6);
        var onnx = File.ReadAllBytes(Files.Onnx);
        using var otherTraining = TrainingLock.TryTake(Models);

        var (exitCode, _, error) = FineTune();

        Assert.Equal(2, exitCode);
        Assert.Contains("Another training is writing into", error);
        Assert.Equal(onnx, File.ReadAllBytes(Files.Onnx));
        Assert.False(Directory.Exists(ModelVersions.Root(Models, "nn")));
    }

    [Fact]
    public void Switching_to_an_unknown_version_names_the_known_ones()
    {
        var (exitCode, _, error) = Run("versions", "--model", "nn", "--activate", "nope", "--models-dir", Models);

        Assert.Equal(2, exitCode);
        Assert.Matches(@"^error: Model 'nn' has no version 'nope' in its nn/versions/ folder; it has: [^()]+\.$", error.Trim());
    }

    [Fact]
    public void The_held_out_drawings_depend_only_on_the_seed_and_saving_more_never_moves_one_across()
    {
        var images = TestData.Test.Slice(0, 200);
        var ids = Enumerable.Range(1, 200).Select(i => (long)i).ToArray();

        var first = DrawingsSplit.Create(images.Slice(0, 120), ids[..120], 0.25, seed: 9);
        var again = DrawingsSplit.Create(images.Slice(0, 120), ids[..120], 0.25, seed: 9);
        var more = DrawingsSplit.Create(images, ids, 0.25, seed: 9);
        var otherSeed = DrawingsSplit.Create(images.Slice(0, 120), ids[..120], 0.25, seed: 10);

        Assert.Equal(first.HeldOutIds, again.HeldOutIds);
        Assert.Equal(first.HeldOutIds, more.HeldOutIds.Where(id => id <= 120));
        Assert.NotEqual(first.HeldOutIds, otherSeed.HeldOutIds);
        Assert.InRange(first.HeldOut.Count, 18, 42); // about a quarter of 120
        Assert.Equal(120, first.HeldOut.Count + first.Training.Count);
        var firstHeldOut = Array.IndexOf(ids, first.HeldOutIds[0]);
        Assert.Equal(images.ImageBytes(firstHeldOut).ToArray(), first.HeldOut.ImageBytes(0).ToArray());
    }

    [Fact]
    public void Two_drawings_always_give_one_to_learn_from_and_one_to_hold_out()
    {
        var images = TestData.Test.Slice(0, 2);

        foreach (var seed in Enumerable.Range(0, 20))
        {
            var split = DrawingsSplit.Create(images, [11, 12], 0.25, seed);
            Assert.Equal(1, split.HeldOut.Count);
            Assert.Equal(1, split.Training.Count);
        }

        var most = DrawingsSplit.Create(images, [11, 12], 0.99, seed: 3);
        Assert.Equal(1, most.Training.Count);
    }

    [Fact]
    public void The_drawings_learned_from_are_repeated_after_the_mnist_images()
    {
        var images = TestData.Test.Slice(0, 10);
        long[] ids = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
        var split = DrawingsSplit.Create(images, ids, 0.3, seed: 9);

        var combined = split.Oversampled(TestData.Test.Slice(50, 4), copies: 3);

        Assert.Equal(4 + split.Training.Count * 3, combined.Count);
        Assert.Equal(split.Training.ImageBytes(0).ToArray(), combined.ImageBytes(4 + split.Training.Count).ToArray());
    }
}
