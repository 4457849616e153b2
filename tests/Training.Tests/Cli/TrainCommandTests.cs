using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Records;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;
using MnistBlazor.Training.Tests.Support;

namespace MnistBlazor.Training.Tests.Cli;

public sealed class TrainCommandTests
{
    [Fact]
    public void Train_on_a_kaggle_csv_writes_every_artifact_and_measures_the_held_out_part()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, output, error, modelsDirectory) = TrainNnTwoEpochsOnKaggleCsv(directory, 400);

        Assert.True(exitCode == 0, error.ToString());
        var folder = Path.Combine(modelsDirectory, "nn");
        var history = RecordFile.Read<TrainingHistory>(Path.Combine(folder, "history.json"));
        Assert.Equal(RunStatus.Completed, history.Status);
        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        var metrics = RecordFile.Read<TestMetrics>(Path.Combine(folder, "metrics.json"));
        Assert.Equal("kaggle-validation", metrics.Dataset);
        Assert.Equal(100, metrics.Count);
        var card = RecordFile.Read<ModelCard>(Path.Combine(folder, "card.json"));
        Assert.Equal("kaggle:train.csv", card.DataSource);
        Assert.Equal(300, card.Recipe.TrainingImages);
        Assert.Equal("adamw", card.Recipe.Optimizer);
        Assert.False(card.Recipe.Augment);
        Assert.Equal(64, card.DataChecksum.Length);
        Assert.True(File.Exists(Path.Combine(folder, "weights.bin")));
        Assert.True(File.Exists(Path.Combine(folder, "model.onnx")));
        Assert.Contains("nn", output.ToString());
    }

    [Fact]
    public void A_preview_epoch_publishes_the_model_so_far_and_the_end_of_the_run_replaces_it()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, output, error, modelsDirectory) = TrainNnTwoEpochsOnKaggleCsv(directory, 200, "--preview-after-epoch", "1");

        Assert.True(exitCode == 0, error.ToString());
        var log = output.ToString();
        var preview = log.IndexOf("[nn] preview after epoch 1 of 2", StringComparison.Ordinal);
        Assert.True(preview >= 0, log);
        Assert.True(log.IndexOf("ONNX ->", preview, StringComparison.Ordinal) > preview, log);
        var folder = Path.Combine(modelsDirectory, "nn");
        Assert.Equal(RunStatus.Completed, RecordFile.Read<TrainingHistory>(Path.Combine(folder, "history.json")).Status);
        Assert.Equal(2, RecordFile.Read<ModelCard>(Path.Combine(folder, "card.json")).EpochsCompleted);
    }

    [Fact]
    public void A_second_training_into_the_same_models_directory_is_refused_before_it_writes_anything()
    {
        using var directory = new TemporaryDirectory();
        var modelsDirectory = Path.Combine(directory.Path, "models");
        using var otherTraining = TrainingLock.TryTake(modelsDirectory);
        Assert.NotNull(otherTraining);

        var (exitCode, _, error, _) = TrainNnTwoEpochsOnKaggleCsv(directory, 200);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Another training is writing into {modelsDirectory}", error.ToString());
        Assert.False(Directory.Exists(Path.Combine(modelsDirectory, "nn")));
    }

    [Fact]
    public void A_run_stopped_after_an_epoch_continues_from_its_checkpoint_with_continue_stopped()
    {
        using var directory = new TemporaryDirectory();
        using var stop = new CancellationTokenSource();
        var (stoppedExit, _, stoppedError, modelsDirectory) = TrainNnTwoEpochsOnKaggleCsv(
            directory, 200, new StopWhenWritten("[nn] epoch 2/2", stop), stop.Token, "--continue-stopped");
        Assert.Equal(TrainCommand.StoppedExitCode, stoppedExit);
        Assert.Contains("Stopped. The same command continues it.", stoppedError.ToString());
        var historyPath = Path.Combine(modelsDirectory, "nn", "history.json");
        var stopped = RecordFile.Read<TrainingHistory>(historyPath);
        Assert.Equal(RunStatus.Stopped, stopped.Status);

        var (exitCode, output, error, _) = TrainNnTwoEpochsOnKaggleCsv(directory, 200, "--continue-stopped");

        Assert.True(exitCode == 0, error.ToString());
        Assert.Contains("[nn] resuming after epoch 1", output.ToString());
        Assert.DoesNotContain("[nn] epoch 1/2", output.ToString());
        var history = RecordFile.Read<TrainingHistory>(historyPath);
        Assert.Equal(RunStatus.Completed, history.Status);
        Assert.Equal([1, 2], history.Epochs.Select(e => e.Epoch));
        Assert.Equal(stopped.StartedAt, history.StartedAt);
        Assert.Equal(stopped.Epochs[0], history.Epochs[0]);
    }

    [Fact]
    public void Continue_stopped_starts_anew_where_the_checkpoint_holds_another_recipe_or_a_run_that_ended()
    {
        using var directory = new TemporaryDirectory();
        using var stop = new CancellationTokenSource();
        TrainNnTwoEpochsOnKaggleCsv(directory, 200, new StopWhenWritten("[nn] epoch 2/2", stop), stop.Token);

        var (otherRecipeExit, otherRecipe, otherRecipeError, _) = TrainNnTwoEpochsOnKaggleCsv(directory, 200, "--continue-stopped", "--lr", "0.003");
        var (endedExit, ended, endedError, _) = TrainNnTwoEpochsOnKaggleCsv(directory, 200, "--continue-stopped", "--lr", "0.003");

        Assert.True(otherRecipeExit == 0, otherRecipeError.ToString());
        Assert.True(endedExit == 0, endedError.ToString());
        foreach (var run in new[] { otherRecipe.ToString(), ended.ToString() })
        {
            Assert.DoesNotContain("resuming", run);
            Assert.Contains("[nn] epoch 1/2", run);
        }
    }

    [Fact]
    public void Resume_and_continue_stopped_together_are_refused()
    {
        using var directory = new TemporaryDirectory();

        var (exitCode, _, error, _) = TrainNnTwoEpochsOnKaggleCsv(directory, 200, "--resume", "--continue-stopped");

        Assert.Equal(2, exitCode);
        Assert.Contains("Give either --resume", error.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void A_preview_epoch_below_one_is_refused(string previewAfterEpoch)
    {
        var error = new StringWriter();

        var exitCode = TrainingCli.Run(["train", "--model", "nn", "--preview-after-epoch", previewAfterEpoch], new StringWriter(), error);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--preview-after-epoch", error.ToString());
    }

    [Fact]
    public void Study_recipe_is_adadelta_at_the_tf1_rate_batch_16_without_augmentation()
    {
        var recipe = RecipeDefaults.For(RecipeKind.Study, ModelCatalog.CnnQuadrants);

        Assert.Equal(OptimizerKind.Adadelta, recipe.Optimizer);
        Assert.Equal(0.001, recipe.LearningRate);
        Assert.Equal(16, recipe.BatchSize);
        Assert.Equal(150, recipe.Epochs);
        Assert.Equal(0.2, recipe.ValidationSplit);
        Assert.False(recipe.Augment);
    }

    [Fact]
    public void Quick_profile_keeps_all_data_for_the_nn_and_a_subset_for_the_cnns()
    {
        var modern = RecipeDefaults.For(RecipeKind.Modern, ModelCatalog.SimpleCnn);
        var quickCnn = QuickProfile.Apply(modern, ModelCatalog.SimpleCnn, PrecisionPolicy.AlwaysFp32);
        var quickNn = QuickProfile.Apply(RecipeDefaults.For(RecipeKind.Modern, ModelCatalog.Nn), ModelCatalog.Nn, PrecisionPolicy.AlwaysFp32);

        Assert.Equal(QuickProfile.MostCnnTrainingImages, quickCnn.TrainingSubset);
        Assert.Equal(QuickProfile.CnnEpochs, quickCnn.Epochs);
        Assert.Equal("modern (quick profile)", quickCnn.Name);
        Assert.Equal("modern (quick profile)", quickNn.Name);
        Assert.Null(quickNn.TrainingSubset);
        Assert.Equal(OptimizerKind.AdamW, quickCnn.Optimizer);
    }

    [Fact]
    public void Quick_profile_spends_faster_bf16_steps_on_more_images()
    {
        var modern = RecipeDefaults.For(RecipeKind.Modern, ModelCatalog.SimpleCnn);
        var vectorUnits = CpuFeatures.FromCpuInfo("flags\t\t: avx512f avx512_bf16\n");
        var tiles = CpuFeatures.FromCpuInfo("flags\t\t: avx512f avx512_bf16 amx_bf16 amx_tile\n");
        int? Images(ModelSpec model, string precision, CpuFeatures cpu) => QuickProfile.Apply(modern, model, new PrecisionPolicy(precision, cpu)).TrainingSubset;

        foreach (var model in new[] { ModelCatalog.CnnProjections, ModelCatalog.CnnQuadrants })
        {
            Assert.Equal(QuickProfile.CnnTrainingImages, Images(model, PrecisionChoice.Fp32, tiles));
            Assert.True(Images(model, PrecisionChoice.Bf16, vectorUnits) > QuickProfile.CnnTrainingImages, model.Id);
            Assert.Equal(Images(model, PrecisionChoice.Bf16, vectorUnits), Images(model, PrecisionChoice.Bf16, tiles));
        }

        // The simple CNN is cheap enough to get the most images in fp32 as well.
        Assert.Equal(QuickProfile.MostCnnTrainingImages, Images(ModelCatalog.SimpleCnn, PrecisionChoice.Fp32, tiles));
        Assert.Equal(QuickProfile.MostCnnTrainingImages, Images(ModelCatalog.SimpleCnn, PrecisionChoice.Bf16, vectorUnits));

        Assert.Null(QuickProfile.Apply(RecipeDefaults.For(RecipeKind.Modern, ModelCatalog.Nn), ModelCatalog.Nn, new PrecisionPolicy(PrecisionChoice.Bf16, tiles)).TrainingSubset);
    }

    [Fact]
    public void Evaluate_all_scores_the_trained_models_and_skips_the_others()
    {
        using var directory = new TemporaryDirectory();
        UntrainedModels.Save(directory.Path, "nn");

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TrainingCli.Run(["evaluate", "--models-dir", directory.Path, "--data-dir", TestData.DataDirectory], output, error);

        Assert.True(exitCode == 0, error.ToString());
        var metrics = RecordFile.Read<TestMetrics>(Path.Combine(directory.Path, "nn", "metrics.json"));
        Assert.Equal("mnist-test", metrics.Dataset);
        Assert.Equal(10_000, metrics.Count);
        Assert.Equal(10_000, metrics.Confusion.Sum(row => row.Sum()));
        Assert.Contains("cnn-quad     skipped: not trained", output.ToString());
        Assert.Contains("nn on mnist-test: 10000/10000 images in ", error.ToString()); // the progress, apart from the results
        Assert.DoesNotContain("images in", output.ToString());
    }

    /// <summary>Trains the NN 2 epochs on the first <paramref name="images"/> training images written as Kaggle's CSV (a quarter held out).</summary>
    private static (int ExitCode, StringWriter Output, StringWriter Error, string ModelsDirectory) TrainNnTwoEpochsOnKaggleCsv(
        TemporaryDirectory directory, int images, params string[] moreArguments) =>
        TrainNnTwoEpochsOnKaggleCsv(directory, images, new StringWriter(), CancellationToken.None, moreArguments);

    private static (int ExitCode, StringWriter Output, StringWriter Error, string ModelsDirectory) TrainNnTwoEpochsOnKaggleCsv(
        TemporaryDirectory directory, int images, StringWriter output, CancellationToken stopRequested, params string[] moreArguments)
    {
        var trainCsv = directory.File("train.csv");
        KaggleCsv.WriteTrain(trainCsv, TestData.Train.Slice(0, images));
        var modelsDirectory = Path.Combine(directory.Path, "models");
        var error = new StringWriter();
        var exitCode = TrainingCli.Run(
            ["train", "--model", "nn", "--data-source", "kaggle", "--kaggle-train", trainCsv, "--epochs", "2", "--batch-size", "32",
             "--validation-split", "0.25", "--no-augment", "--models-dir", modelsDirectory, .. moreArguments],
            output, error, stopRequested);
        return (exitCode, output, error, modelsDirectory);
    }

    /// <summary>Stops the run (as Ctrl+C or the web app's stop would) when the trainer writes a line containing <paramref name="text"/>.</summary>
    private sealed class StopWhenWritten(string text, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true)
            {
                stop.Cancel();
            }
        }
    }
}
