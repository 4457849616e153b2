using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Tests.AutoTraining;

/// <summary>The owner's fine-tune on the saved drawings, run by the server's trainer (a test double stands in for the CLI).</summary>
public sealed class FineTuningTests : IDisposable
{
    private const string Connection = "Host=db.example;Database=mnist;Username=app;Password=s3cret";

    private readonly TemporaryDirectory root = new();

    public FineTuningTests()
    {
        Directory.CreateDirectory(ModelsDirectory);
        File.WriteAllText(FakeTrainingDll, "not a real assembly: the launcher is a test double");
    }

    private string ModelsDirectory => root.File("models");

    private string FakeTrainingDll => root.File("MnistBlazor.Training.dll");

    private string LogPath => Path.Combine(ModelsDirectory, AutoTrainingService.FineTuneLogFileName);

    [Fact]
    public async Task Every_trained_model_is_fine_tuned_in_catalogue_order_on_the_servers_drawings_put_in_use_only_when_not_worse()
    {
        WriteWeights("cnn-quad");
        WriteWeights("nn");
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher);
        IFineTuning fineTuning = service;

        Assert.Equal(["nn", "cnn-quad"], fineTuning.TrainedModels());
        fineTuning.Start();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Completed);

        var run = Assert.Single(launcher.Runs);
        Assert.Equal("dotnet", run.FileName);
        Assert.Equal(
            [FakeTrainingDll, "finetune", "--model", "nn,cnn-quad", "--only-if-not-worse", "--models-dir", ModelsDirectory, "--data-dir", root.File("data"),
             "--drawings-db", root.File("drawings.db")],
            run.Arguments);
        Assert.Empty(run.Environment);
        Assert.Equal(LogPath, run.LogPath);
        Assert.Equal(TrainingRunKind.FineTune, service.Current.Kind);
        Assert.Equal(["nn", "cnn-quad"], service.Current.ModelIds);
    }

    [Fact]
    public async Task The_pen_digits_the_pages_measure_on_go_to_the_trainer_when_they_are_there()
    {
        WriteWeights("nn");
        var penDigits = root.File("pen.tes");
        var launcher = new RecordingLauncher(exitCode: 0);
        using (var missing = CreateService(launcher, penDigitsFile: penDigits))
        {
            ((IFineTuning)missing).Start();
            await Eventually.TrueAsync(() => missing.Current.State == AutoTrainingState.Completed);
        }

        File.WriteAllText(penDigits, ".COMMENT a pen digit file");
        using var service = CreateService(launcher, penDigitsFile: penDigits);
        ((IFineTuning)service).Start();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Completed);

        Assert.DoesNotContain("--pen-digits", launcher.Runs[0].Arguments);
        Assert.Equal(
            [FakeTrainingDll, "finetune", "--model", "nn", "--only-if-not-worse", "--pen-digits", penDigits, "--models-dir", ModelsDirectory],
            launcher.Runs[1].Arguments.Take(9));
    }

    [Fact]
    public async Task A_shared_database_s_connection_string_goes_to_the_trainer_in_its_environment_never_on_its_command_line()
    {
        WriteWeights("nn");
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher, new DrawingsOptions { ConnectionString = Connection });

        ((IFineTuning)service).Start();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Completed);

        var run = Assert.Single(launcher.Runs);
        Assert.Equal(Connection, run.Environment[DrawingsDatabase.ConnectionVariable]);
        Assert.DoesNotContain("--drawings-db", run.Arguments);
        Assert.DoesNotContain(run.Arguments, a => a.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_starts_without_a_trained_model()
    {
        var launcher = new RecordingLauncher(exitCode: 0);
        using var service = CreateService(launcher);

        var refusal = Assert.Throws<InvalidOperationException>(((IFineTuning)service).Start);

        Assert.Equal("No model has trained weights here to fine-tune: train them first.", refusal.Message);
        Assert.Empty(launcher.Runs);
        Assert.Equal(AutoTrainingState.Idle, service.Current.State);
    }

    [Fact]
    public async Task A_fine_tune_is_refused_while_a_full_training_runs_and_the_other_way_round()
    {
        WriteWeights("nn");
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher);

        ((IFineTuning)service).Start();
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var fullRefused = Assert.Throws<InvalidOperationException>(() => service.Start(["simple-cnn"]));
        var againRefused = Assert.Throws<InvalidOperationException>(((IFineTuning)service).Start);
        await service.StopAsync(CancellationToken.None);

        Assert.Contains("Another training is running (nn)", fullRefused.Message);
        Assert.Contains("Another training is running (nn)", againRefused.Message);
        Assert.Single(launcher.Runs);
    }

    [Fact]
    public async Task A_refusing_trainer_s_own_words_are_the_failure_s_message()
    {
        WriteWeights("nn");
        var launcher = new RecordingLauncher(2, false,
            "$ dotnet MnistBlazor.Training.dll finetune --model nn",
            "error: Fine-tuning needs at least 2 saved drawings (one to learn from, one held out); there are 1.",
            "Exit code 2");
        using var service = CreateService(launcher);

        ((IFineTuning)service).Start();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Failed);

        Assert.Equal(
            "The Training CLI exited with code 2: Fine-tuning needs at least 2 saved drawings (one to learn from, one held out); there are 1.",
            service.Current.Message);
        Assert.Equal(TrainingRunKind.FineTune, service.Current.Kind);
    }

    [Fact]
    public async Task The_progress_names_the_model_being_tuned_how_many_are_done_and_its_epoch()
    {
        WriteWeights("nn");
        WriteWeights("simple-cnn");
        WriteVersion("nn", "finetune-20000101-000000", report: true); // an earlier run's: not this one's
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher);
        IFineTuning fineTuning = service;
        Assert.Null(fineTuning.Progress());

        fineTuning.Start();
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new FineTuneProgress("nn", 0, 2, FineTunePhase.Measuring), fineTuning.Progress()); // before its pass

        var thisRun = ModelVersions.FineTuneName(service.Current.StartedAt!.Value);
        WriteVersion("nn", thisRun, report: false, running: new RunProgress(1, 1, 0, 6000, 0, null, DateTimeOffset.UtcNow), started: true);
        Assert.Equal(new FineTuneProgress("nn", 0, 2, FineTunePhase.Learning), fineTuning.Progress()); // its pass has begun, no batch done yet

        WriteVersion("nn", thisRun, report: false, running: new RunProgress(1, 1, 3000, 6000, 300, 20, DateTimeOffset.UtcNow));
        Assert.Equal(FineTunePhase.Learning, fineTuning.Progress()!.Phase);
        Assert.Equal(0.5, fineTuning.Progress()!.Epoch!.EpochFraction);

        WriteVersion("nn", thisRun, report: false, running: new RunProgress(1, 1, 6000, 6000, 300, 0, DateTimeOffset.UtcNow), passDone: true);
        Assert.Equal(new FineTuneProgress("nn", 0, 2, FineTunePhase.Saving), fineTuning.Progress()); // its pass is over; its history still says running

        WriteVersion("nn", thisRun, report: false, running: new RunProgress(1, 1, 6000, 6000, 300, 0, DateTimeOffset.UtcNow), completed: true);
        Assert.Equal(new FineTuneProgress("nn", 0, 2, FineTunePhase.Saving), fineTuning.Progress());

        WriteVersion("nn", thisRun, report: true);
        Assert.Equal(new FineTuneProgress("simple-cnn", 1, 2, FineTunePhase.Measuring), fineTuning.Progress());

        WriteVersion("simple-cnn", thisRun, report: true);
        Assert.Equal(new FineTuneProgress("simple-cnn", 1, 2, FineTunePhase.Saving), fineTuning.Progress()); // the trainer is ending
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Every_viewer_hears_of_the_progress_from_one_reading_when_it_moved()
    {
        WriteWeights("nn");
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher);
        IFineTuning fineTuning = service;
        var heard = new System.Collections.Concurrent.ConcurrentQueue<(int Viewer, FineTuneProgress Progress)>();
        fineTuning.ProgressChanged += p => heard.Enqueue((1, p));
        fineTuning.ProgressChanged += p => heard.Enqueue((2, p));

        fineTuning.Start();
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var measuring = new FineTuneProgress("nn", 0, 1, FineTunePhase.Measuring);
        await Eventually.TrueAsync(() => heard.Count == 2, "both viewers hear of the measuring phase");
        Assert.Equal([(1, measuring), (2, measuring)], heard.OrderBy(h => h.Viewer));

        await Task.Delay(AutoTrainingService.ProgressInterval * 2.5);
        Assert.Equal(2, heard.Count); // nothing moved: nothing raised

        var thisRun = ModelVersions.FineTuneName(service.Current.StartedAt!.Value);
        WriteVersion("nn", thisRun, report: false, running: new RunProgress(1, 1, 3000, 6000, 300, 20, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => heard.Count == 4, "both viewers hear of the pass");
        Assert.All(heard.Skip(2), h => Assert.Equal(0.5, h.Progress.Epoch!.EpochFraction));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_owner_stops_a_fine_tune()
    {
        WriteWeights("nn");
        var launcher = new RecordingLauncher(exitCode: 0, waitForCancellation: true);
        using var service = CreateService(launcher);
        ((IFineTuning)service).Start();
        await launcher.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        ((IFineTuning)service).Stop();
        await Eventually.TrueAsync(() => service.Current.State == AutoTrainingState.Stopped);

        Assert.True(launcher.SawCancellation);
        Assert.Equal(TrainingRunKind.FineTune, service.Current.Kind);
        Assert.Null(((IFineTuning)service).Progress());
    }

    [Fact]
    public void Each_model_s_latest_fine_tune_is_reported_with_whether_its_version_is_in_use()
    {
        WriteVersion("nn", ModelVersions.OriginalName, report: false);
        WriteVersion("nn", "finetune-20261201-100000", report: true);
        WriteVersion("nn", "finetune-20261202-100000", report: true, activated: false);
        WriteVersion("cnn-proj", ModelVersions.OriginalName, report: false);
        WriteVersion("cnn-proj", "finetune-20261202-100000", report: true);
        Activate("cnn-proj", "finetune-20261202-100000");
        Activate("nn", "finetune-20261201-100000");
        using var service = CreateService(new RecordingLauncher(exitCode: 0));

        var outcomes = service.LatestOutcomes();

        Assert.Equal(["nn", "cnn-proj"], outcomes.Select(o => o.Report.ModelId));
        Assert.Equal(["finetune-20261202-100000", "finetune-20261202-100000"], outcomes.Select(o => o.Report.Version));
        Assert.Equal([false, true], outcomes.Select(o => o.InUse));
        Assert.Equal(ModelCatalog.Get("cnn-proj").DisplayName, outcomes[1].DisplayName);
        Assert.Equal("it reads fewer held-out drawings right", outcomes[0].Report.NotActivatedBecause);
    }

    private AutoTrainingService CreateService(ITrainingProcessLauncher launcher, DrawingsOptions? drawings = null, string? penDigitsFile = null) =>
        new(
            Options.Create(new AutoTrainingOptions { AutoTrain = false, Executable = FakeTrainingDll, DataDirectory = root.File("data") }),
            Options.Create(new ModelsOptions { Directory = ModelsDirectory }),
            launcher,
            Options.Create(drawings ?? new DrawingsOptions { DatabasePath = root.File("drawings.db") }),
            new FakeLifetime(started: true),
            NullLogger<AutoTrainingService>.Instance,
            Options.Create(new PenDigitsOptions { File = penDigitsFile }),
            Options.Create(new InsightsOptions { DataDirectory = root.File("data") }));

    private void WriteWeights(string modelId)
    {
        var files = new ModelFiles(ModelsDirectory, modelId);
        Directory.CreateDirectory(files.Directory);
        File.WriteAllBytes(files.Weights, [1, 2, 3]);
    }

    /// <summary>A version folder with an ONNX file of its own bytes, and (when asked) its finished report or a running history.</summary>
    private void WriteVersion(string modelId, string name, bool report, bool activated = true, RunProgress? running = null, bool completed = false, bool started = false, bool passDone = false)
    {
        var files = ModelVersions.FilesOf(ModelsDirectory, modelId, name);
        Directory.CreateDirectory(files.Directory);
        File.WriteAllText(files.Onnx, $"{modelId} {name}");
        if (running is not null)
        {
            RecordFile.Write(files.History, new TrainingHistory
            {
                ModelId = modelId, Recipe = "finetune", Status = completed ? RunStatus.Completed : RunStatus.Running, TotalEpochs = 1,
                StartedAt = running.UpdatedAt, UpdatedAt = running.UpdatedAt, Progress = completed || started || passDone ? null : running,
                Epochs = completed || passDone ? [new EpochRecord(1, 0.04, 0.98, null, null, 1e-4, 30, 300)] : [],
            });
        }

        if (report)
        {
            RecordFile.Write(Path.Combine(files.Directory, FineTuneReport.FileName), new FineTuneReport
            {
                ModelId = modelId, Version = name, StartedFrom = ModelVersions.OriginalName, HeldOutDrawingIds = [1, 2],
                HeldOutBefore = 1, HeldOutAfter = activated ? 1 : 0.5, MnistTestBefore = 0.99, MnistTestAfter = 0.99,
                Activated = activated, NotActivatedBecause = activated ? null : "it reads fewer held-out drawings right",
            });
        }
    }

    private void Activate(string modelId, string name)
    {
        var own = new ModelFiles(ModelsDirectory, modelId);
        Directory.CreateDirectory(own.Directory);
        File.Copy(ModelVersions.FilesOf(ModelsDirectory, modelId, name).Onnx, own.Onnx, overwrite: true);
    }


    public void Dispose() => root.Dispose();
}
