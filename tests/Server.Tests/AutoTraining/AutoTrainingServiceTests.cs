using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.AutoTraining;

public sealed class AutoTrainingServiceTests : IDisposable
{
    private readonly TemporaryDirectory root = new();

    private string ModelsDirectory => root.File("models");

    private string FakeTrainingDll => root.File("MnistBlazor.Training.dll");

    public AutoTrainingServiceTests()
    {
        Directory.CreateDirectory(ModelsDirectory);
        File.WriteAllText(FakeTrainingDll, "not a real assembly: the launcher is a test double");
    }

    [Fact]
    public async Task Only_the_models_without_an_onnx_file_are_trained_in_catalogue_order_nn_first()
    {
        WriteOnnx("simple-cnn");
        WriteOnnx("cnn-quad");
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true);

        await RunAsync(service);

        var run = Assert.Single(launcher.Runs);
        Assert.Equal("dotnet", run.FileName);
        Assert.Equal(
            [FakeTrainingDll, "train", "--model", "nn,cnn-proj", "--profile", "quick", "--models-dir", ModelsDirectory, "--data-dir", root.File("data"),
             "--continue-stopped", "--preview-after-epoch", "8"],
            run.Arguments);
        Assert.Equal(Path.Combine(ModelsDirectory, AutoTrainingService.LogFileName), run.LogPath);
        Assert.Equal(AutoTrainingState.Completed, service.Current.State);
        Assert.Equal(["nn", "cnn-proj"], service.Current.ModelIds);
    }

    [Fact]
    public async Task A_model_answering_with_the_early_version_of_an_interrupted_run_is_trained_again_with_the_missing_ones()
    {
        WriteOnnx("nn");
        WriteCard("nn", epochsCompleted: 8, epochs: 40); // the preview of a run the server's stop interrupted
        WriteOnnx("simple-cnn");
        WriteCard("simple-cnn", epochsCompleted: 2, epochs: 2);
        WriteOnnx("cnn-proj");
        WriteCard("cnn-proj", epochsCompleted: 1, epochs: 3, recipe: "modern"); // a terminal's full run, stopped: its own to resume
        WriteOnnx("cnn-quad"); // no card: a model copied in by hand is left alone
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true);

        await RunAsync(service);

        var arguments = Assert.Single(launcher.Runs).Arguments;
        Assert.Equal("nn", arguments[3]);
        Assert.Contains("--continue-stopped", arguments);
    }

    [Fact]
    public async Task A_preview_epoch_of_zero_publishes_each_model_only_at_the_end_of_its_training()
    {
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true, previewAfterEpoch: 0);

        await RunAsync(service);

        Assert.DoesNotContain("--preview-after-epoch", Assert.Single(launcher.Runs).Arguments);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_preview_epoch_out_of_range_is_refused_naming_the_setting(int previewAfterEpoch)
    {
        var errors = ValidationErrors(new AutoTrainingOptions { PreviewAfterEpoch = previewAfterEpoch });

        Assert.Contains("Training:PreviewAfterEpoch", Assert.Single(errors));
    }

    [Theory]
    [InlineData("Quick")]
    [InlineData("fast")]
    [InlineData("")]
    public void A_profile_the_trainer_does_not_know_is_refused_naming_the_setting(string profile)
    {
        var errors = ValidationErrors(new AutoTrainingOptions { Profile = profile });

        Assert.Contains("Training:Profile must be \"quick\" or \"full\"", Assert.Single(errors));
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("full")]
    public void Either_profile_of_the_trainer_is_taken(string profile)
    {
        Assert.Empty(ValidationErrors(new AutoTrainingOptions { Profile = profile }));
    }

    /// <summary>What the options' data annotations say, as ValidateDataAnnotations checks them at start.</summary>
    private static string?[] ValidationErrors(AutoTrainingOptions options)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage).ToArray();
    }

    [Fact]
    public async Task With_no_model_trained_all_four_are_trained_nn_first()
    {
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true);

        await RunAsync(service);

        Assert.Equal(string.Join(',', ModelCatalog.Ids), Assert.Single(launcher.Runs).Arguments[3]);
        Assert.Equal("nn", ModelCatalog.Ids[0]);
    }

    [Fact]
    public async Task Nothing_is_started_when_every_model_is_trained()
    {
        foreach (var id in ModelCatalog.Ids)
        {
            WriteOnnx(id);
        }

        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true);

        await RunAsync(service);

        Assert.Empty(launcher.Runs);
        Assert.Equal(AutoTrainingState.Idle, service.Current.State);
    }

    [Fact]
    public async Task Nothing_is_started_when_auto_training_is_off()
    {
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: false);

        await RunAsync(service);

        Assert.Empty(launcher.Runs);
        Assert.Equal(AutoTrainingState.Idle, service.Current.State);
    }

    [Fact]
    public async Task A_failing_trainer_is_reported_with_its_exit_code_and_log_path()
    {
        var launcher = new RecordingLauncher(exitCode: 3);
        using var service = CreateService(launcher, autoTrain: true);
        var changes = 0;
        service.Changed += () => Interlocked.Increment(ref changes);

        await RunAsync(service);

        Assert.Equal(AutoTrainingState.Failed, service.Current.State);
        Assert.Contains("exited with code 3", service.Current.Message);
        Assert.Equal(Path.Combine(ModelsDirectory, AutoTrainingService.LogFileName), service.Current.LogPath);
        Assert.Equal(2, changes);
    }

    [Fact]
    public async Task A_missing_training_cli_is_reported_without_starting_anything()
    {
        File.Delete(FakeTrainingDll);
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true);

        await RunAsync(service);

        Assert.Empty(launcher.Runs);
        Assert.Equal(AutoTrainingState.Failed, service.Current.State);
        Assert.Contains(FakeTrainingDll, service.Current.Message);
    }

    [Fact]
    public async Task Stopping_the_server_cancels_the_running_trainer()
    {
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher, autoTrain: true);

        await service.StartAsync(CancellationToken.None);
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.True(launcher.SawCancellation);
        Assert.Equal(AutoTrainingState.Running, service.Current.State);
    }

    [Fact]
    public async Task Nothing_is_started_by_a_server_that_stops_before_it_has_started()
    {
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true, lifetime: new FakeLifetime(started: false));

        await service.StartAsync(CancellationToken.None);
        // Unfixed, the launch follows the start at once; half a second is ample for it to show.
        await Task.WhenAny(launcher.Started.Task, Task.Delay(TimeSpan.FromMilliseconds(500)));
        await service.StopAsync(CancellationToken.None);

        Assert.Empty(launcher.Runs);
        Assert.False(File.Exists(Path.Combine(ModelsDirectory, AutoTrainingService.LogFileName)));
    }

    [Fact]
    public async Task The_owners_full_training_runs_the_full_recipe_of_the_named_models_in_catalogue_order_without_previews()
    {
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: false);
        await service.StartAsync(CancellationToken.None);

        var published = new List<AutoTrainingStatus>();
        service.Changed += () =>
        {
            lock (published)
            {
                published.Add(service.Current);
            }
        };

        service.Start(["cnn-quad", "simple-cnn"]);
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Completed);
        await service.StopAsync(CancellationToken.None);

        var run = Assert.Single(launcher.Runs);
        Assert.Equal(
            [FakeTrainingDll, "train", "--model", "simple-cnn,cnn-quad", "--profile", "full", "--models-dir", ModelsDirectory, "--data-dir", root.File("data"),
             "--continue-stopped"],
            run.Arguments);
        Assert.Equal(FullLogPath, run.LogPath);
        lock (published)
        {
            Assert.Equal([AutoTrainingState.Running, AutoTrainingState.Completed], published.Select(p => p.State));
            Assert.All(published, p => Assert.Equal(TrainingRunKind.FullRecipe, p.Kind));
            Assert.All(published, p => Assert.Equal(["simple-cnn", "cnn-quad"], p.ModelIds));
            Assert.Equal(FullLogPath, published[0].LogPath);
            Assert.NotNull(published[0].StartedAt);
            Assert.Equal(published[0].StartedAt, published[1].StartedAt);
        }
    }

    [Fact]
    public async Task A_full_training_is_refused_while_another_training_runs()
    {
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher, autoTrain: true);
        await service.StartAsync(CancellationToken.None);
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var refusal = Assert.Throws<InvalidOperationException>(() => service.Start(["simple-cnn"]));
        await service.StopAsync(CancellationToken.None);

        Assert.Contains("Another training is running (nn, simple-cnn, cnn-proj, cnn-quad)", refusal.Message);
        Assert.Single(launcher.Runs);
    }

    [Fact]
    public async Task No_training_starts_while_another_process_trains_into_the_models_directory()
    {
        using var otherTraining = TrainingLock.TryTake(ModelsDirectory);
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: true);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        var refusal = Assert.Throws<InvalidOperationException>(() => service.Start(["simple-cnn"]));
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(AutoTrainingState.Failed, service.Current.State);
        Assert.Equal(AutoTrainingService.LockedMessage, service.Current.Message);
        Assert.Equal(AutoTrainingService.LockedMessage, refusal.Message);
        Assert.Empty(launcher.Runs);
    }

    [Fact]
    public void Unknown_models_are_refused_by_name()
    {
        using var service = CreateService(new RecordingLauncher(exitCode: 0), autoTrain: false);

        var refusal = Assert.Throws<ArgumentException>(() => service.Start(["simple-cnn", "resnet"]));

        Assert.Contains("Unknown model resnet", refusal.Message);
        Assert.Equal(AutoTrainingState.Idle, service.Current.State);
    }

    [Fact]
    public void A_full_training_without_the_training_cli_is_refused_without_naming_server_paths()
    {
        File.Delete(FakeTrainingDll);
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, autoTrain: false);

        var refusal = Assert.Throws<InvalidOperationException>(() => service.Start(["simple-cnn"]));

        Assert.Contains("not built on this server", refusal.Message);
        Assert.DoesNotContain(root.File(""), refusal.Message);
        Assert.Empty(launcher.Runs);
    }

    [Fact]
    public async Task Stopping_the_server_marks_the_interrupted_training_stopped_and_leaves_finished_ones_alone()
    {
        var started = DateTimeOffset.UtcNow;
        WriteHistory("simple-cnn", RunStatus.Completed, started);
        WriteHistory("cnn-quad", RunStatus.Running, started);
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher, autoTrain: false);
        await service.StartAsync(CancellationToken.None);

        service.Start(["simple-cnn", "cnn-quad"]);
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.True(launcher.SawCancellation);
        var interrupted = RecordFile.Read<TrainingHistory>(new ModelFiles(ModelsDirectory, "cnn-quad").History);
        Assert.Equal(RunStatus.Stopped, interrupted.Status);
        Assert.Null(interrupted.Progress);
        Assert.Contains("web server stopped", interrupted.Message);
        var finished = RecordFile.Read<TrainingHistory>(new ModelFiles(ModelsDirectory, "simple-cnn").History);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(started, finished.UpdatedAt);
    }

    [Theory]
    [InlineData(false, true, 0, false, "Stopped by the owner from the web app during its first epoch; training it with the full recipe again starts it anew.")]
    [InlineData(true, false, 1, false, "Stopped when the web server stopped after 1 finished epoch; the next start of the web app continues from there.")]
    [InlineData(false, true, 2, false, "Stopped by the owner from the web app after 2 finished epochs; training it with the full recipe again continues from there.")]
    [InlineData(false, true, 2, true, "Stopped by the owner from the web app during epoch 3; training it with the full recipe again continues from where it stopped.")]
    public void A_stopped_history_says_why_and_how_the_run_goes_on(bool serverStopped, bool fullRecipe, int finishedEpochs, bool saved, string expected)
    {
        var run = new AutoTrainingStatus(AutoTrainingState.Running, ["cnn-quad"], "log", null, Kind: fullRecipe ? TrainingRunKind.FullRecipe : TrainingRunKind.FirstRun);

        Assert.Equal(expected, AutoTrainingService.StoppedMessage(run, byTheOwner: !serverStopped, finishedEpochs, saved));
    }

    [Fact]
    public async Task A_trainer_that_stopped_on_its_own_when_interrupted_gets_the_web_app_s_words_in_its_history()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        WriteHistory("cnn-quad", RunStatus.Stopped, before); // an older run's stop: not this run's
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true)
        {
            OnCancellation = () =>
            {
                var files = new ModelFiles(ModelsDirectory, "simple-cnn");
                Directory.CreateDirectory(files.Directory);
                RecordFile.Write(files.History, new TrainingHistory
                {
                    ModelId = "simple-cnn", Recipe = "modern", Status = RunStatus.Stopped, TotalEpochs = 3,
                    Epochs = [new EpochRecord(1, 0.1, 0.97, 0.05, 0.98, 0.002, 60, 950)],
                    Message = "Stopped during epoch 2 after 12800 images; continue with --resume.",
                    StartedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                });
            },
        };
        using var service = CreateService(launcher, autoTrain: false);
        await service.StartAsync(CancellationToken.None);

        service.Start(["simple-cnn", "cnn-quad"]);
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        service.Stop();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Stopped);

        var history = RecordFile.Read<TrainingHistory>(new ModelFiles(ModelsDirectory, "simple-cnn").History);
        Assert.Equal(RunStatus.Stopped, history.Status);
        Assert.Equal("Stopped by the owner from the web app during epoch 2; training it with the full recipe again continues from where it stopped.", history.Message);
        var older = RecordFile.Read<TrainingHistory>(new ModelFiles(ModelsDirectory, "cnn-quad").History);
        Assert.Equal(before, older.UpdatedAt);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_owner_stops_the_full_training_and_may_start_another()
    {
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher, autoTrain: false);
        await service.StartAsync(CancellationToken.None);
        service.Start(["cnn-proj"]);
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        WriteHistory("cnn-proj", RunStatus.Running, DateTimeOffset.UtcNow);

        service.Stop();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Stopped);

        Assert.True(launcher.SawCancellation);
        Assert.Equal(TrainingRunKind.FullRecipe, service.Current.Kind);
        var history = RecordFile.Read<TrainingHistory>(new ModelFiles(ModelsDirectory, "cnn-proj").History);
        Assert.Equal(RunStatus.Stopped, history.Status);
        Assert.Equal("Stopped by the owner from the web app during its first epoch; training it with the full recipe again starts it anew.", history.Message);

        service.Start(["cnn-proj"]);
        Assert.Equal(AutoTrainingState.Running, service.Current.State);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal(2, launcher.Runs.Count);
    }

    [Fact]
    public void Stopping_when_no_full_training_runs_does_nothing()
    {
        using var service = CreateService(new RecordingLauncher(exitCode: 0), autoTrain: false);

        service.Stop();

        Assert.Equal(AutoTrainingState.Idle, service.Current.State);
    }

    [Fact]
    public async Task A_failing_full_training_is_reported_as_such()
    {
        using var service = CreateService(new RecordingLauncher(exitCode: 2), autoTrain: false);
        await service.StartAsync(CancellationToken.None);

        service.Start(["cnn-proj"]);
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Failed);
        await service.StopAsync(CancellationToken.None);

        Assert.Equal(TrainingRunKind.FullRecipe, service.Current.Kind);
        Assert.Contains("exited with code 2", service.Current.Message);
    }

    private string FullLogPath => Path.Combine(ModelsDirectory, AutoTrainingService.FullTrainingLogFileName);

    private void WriteHistory(string modelId, RunStatus status, DateTimeOffset at)
    {
        var files = new ModelFiles(ModelsDirectory, modelId);
        Directory.CreateDirectory(files.Directory);
        RecordFile.Write(files.History, new TrainingHistory
        {
            ModelId = modelId, Recipe = "modern", Status = status, TotalEpochs = 3, StartedAt = at, UpdatedAt = at,
            Progress = status == RunStatus.Running ? new RunProgress(2, 3, 100, 1000, 250, 40, at) : null,
        });
    }


    private AutoTrainingService CreateService(
        ITrainingProcessLauncher launcher, bool autoTrain, int previewAfterEpoch = 8, IHostApplicationLifetime? lifetime = null) =>
        new(
            Options.Create(new AutoTrainingOptions
            {
                AutoTrain = autoTrain, Executable = FakeTrainingDll, DataDirectory = root.File("data"), PreviewAfterEpoch = previewAfterEpoch,
            }),
            Options.Create(new ModelsOptions { Directory = ModelsDirectory }),
            launcher,
            Options.Create(new DrawingsOptions { DatabasePath = root.File("drawings.db") }),
            lifetime ?? new FakeLifetime(started: true),
            NullLogger<AutoTrainingService>.Instance);

    private static async Task RunAsync(AutoTrainingService service)
    {
        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);
    }

    private void WriteCard(string modelId, int epochsCompleted, int epochs, string recipe = "modern (quick profile)") =>
        RecordFile.Write(new ModelFiles(ModelsDirectory, modelId).Card, new ModelCard
        {
            ModelId = modelId,
            DisplayName = modelId,
            Architecture = "test",
            Recipe = new TrainingRecipe(recipe, "adamw", 0.003, "one-cycle", 128, epochs, true, 0.05, 42, null),
            DataSource = "mnist",
            DataChecksum = "abc",
            EpochsCompleted = epochsCompleted,
        });

    private void WriteOnnx(string modelId)
    {
        var files = new ModelFiles(ModelsDirectory, modelId);
        Directory.CreateDirectory(files.Directory);
        File.WriteAllBytes(files.Onnx, [1, 2, 3]);
    }

    public void Dispose() => root.Dispose();
}
