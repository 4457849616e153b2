using System.Globalization;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>
/// The server's background trainer, one child process of the Training CLI at a time. When enabled, it trains (quick
/// profile) every catalogue model that has no model.onnx yet, in catalogue order so the NN comes first; models already
/// trained are never retrained on their own. The owner may later start the full recipe for models in service
/// (<see cref="IFullTraining"/>): each replaces its model when its training ends. The registry picks up each
/// model.onnx as soon as it is written. The start's child begins only once the server has started: a server that fails
/// to start (its port taken, say) exits without stopping its hosted services, and would leave a trainer behind writing
/// into the models directory. A run that the server's stop or the owner interrupts is marked stopped in the history of
/// the model it was training, so no page keeps showing it as running. While another process trains into the models
/// directory (a terminal's <c>train</c>, another instance of the server) it holds <see cref="TrainingLock"/>, and no
/// training starts here: the status says why.
/// </summary>
public sealed class AutoTrainingService(
    IOptions<AutoTrainingOptions> options,
    IOptions<ModelsOptions> modelsOptions,
    ITrainingProcessLauncher launcher,
    IOptions<DrawingsOptions> drawingsOptions,
    IHostApplicationLifetime lifetime,
    ILogger<AutoTrainingService> logger,
    IOptions<PenDigitsOptions>? penDigitsOptions = null,
    IOptions<InsightsOptions>? insightsOptions = null) : BackgroundService, IAutoTrainingStatus, IFullTraining, IFineTuning
{
    public const string LogFileName = "auto-training.log";

    /// <summary>The log of the owner's full-recipe runs, beside <see cref="LogFileName"/>.</summary>
    public const string FullTrainingLogFileName = "full-training.log";

    /// <summary>The log of the owner's fine-tunes on the saved drawings, beside <see cref="LogFileName"/>.</summary>
    public const string FineTuneLogFileName = "finetune.log";

    private const string ErrorPrefix = "error: ";

    /// <summary>Why a training cannot start while another process trains into the models directory.</summary>
    public const string LockedMessage =
        "Another training is writing into the models folder (a train command in a terminal, or another instance of this server); start this one when it has ended.";

    private readonly Lock gate = new();
    // Never disposed: the host may stop the service after the container has disposed it, and a plain source holds no timer.
    private readonly CancellationTokenSource stopping = new();
    private AutoTrainingStatus current = AutoTrainingStatus.Idle;
    private Task fullRun = Task.CompletedTask;
    private CancellationTokenSource? fullRunStop;

    public AutoTrainingStatus Current => Volatile.Read(ref current);

    public event Action? Changed;

    /// <inheritdoc />
    public event Action<FineTuneProgress>? ProgressChanged;

    /// <summary>How often a running fine-tune's progress is read for <see cref="ProgressChanged"/>.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private string ModelsDirectory => modelsOptions.Value.ResolveDirectory();

    /// <summary>
    /// The catalogue models the start trains, in catalogue order: those without a model.onnx in the models directory, and
    /// those answering with an early version of this profile because the run that published it was interrupted (the
    /// server stopped mid-run); the trainer continues such a run from its last checkpoint. An early version of another
    /// profile (a terminal's run stopped with Ctrl+C) is left to whoever started it, checkpoint and all.
    /// </summary>
    public static IReadOnlyList<string> MissingModels(string modelsDirectory, string profile = TrainingProfile.Quick) =>
        ModelCatalog.All
            .Select(spec => ModelFiles.For(modelsDirectory, spec))
            .Where(files => !File.Exists(files.Onnx) || IsInterruptedPreview(files, profile))
            .Select(files => files.ModelId).ToArray();

    // An unreadable card counts as none: the registry reports it, and training over it would not mend it.
    private static bool IsInterruptedPreview(ModelFiles files, string profile) =>
        RecordFile.ReadIfReadable<ModelCard>(files.Card) is { } card
        && card.IsEarlyVersion()
        && card.Recipe.IsQuickProfile() == (profile == TrainingProfile.Quick);

    /// <inheritdoc />
    public void Start(IReadOnlyList<string> modelIds)
    {
        var ids = ModelCatalog.All.Where(spec => modelIds.Contains(spec.Id, StringComparer.Ordinal)).Select(spec => spec.Id).ToArray();
        var unknown = modelIds.Where(id => !ModelCatalog.TryGet(id, out _)).ToArray();
        if (unknown.Length > 0 || ids.Length == 0)
        {
            throw new ArgumentException(unknown.Length > 0
                ? $"Unknown model {string.Join(", ", unknown)}: the models are {string.Join(", ", ModelCatalog.Ids)}."
                : "No model to train: name at least one.", nameof(modelIds));
        }

        StartOwnersRun(
            new AutoTrainingStatus(AutoTrainingState.Running, ids, Path.Combine(ModelsDirectory, FullTrainingLogFileName), null, Kind: TrainingRunKind.FullRecipe, StartedAt: DateTimeOffset.UtcNow),
            executable => new ChildProcessStart("dotnet",
            [
                executable, "train",
                "--model", string.Join(',', ids),
                "--profile", TrainingProfile.Full,
                "--models-dir", ModelsDirectory,
                "--data-dir", options.Value.ResolveDataDirectory(),
                "--continue-stopped",
            ]),
            "Full-recipe training");
    }

    /// <summary>The pen digits the pages measure the models on, when configured and there: a fine-tune measures its cost to other hands on them.</summary>
    private string? PenDigitsFile() =>
        penDigitsOptions is null || insightsOptions is null ? null
        : penDigitsOptions.Value.ResolveFile(insightsOptions.Value) is var path && File.Exists(path) ? path
        : null;

    /// <inheritdoc />
    public IReadOnlyList<string> TrainedModels() =>
        ModelCatalog.All.Where(spec => File.Exists(ModelFiles.For(ModelsDirectory, spec).Weights)).Select(spec => spec.Id).ToArray();

    /// <inheritdoc />
    void IFineTuning.Start()
    {
        var ids = TrainedModels();
        if (ids.Count == 0)
        {
            throw new InvalidOperationException("No model has trained weights here to fine-tune: train them first.");
        }

        var database = drawingsOptions.Value.ResolveDatabase();
        StartOwnersRun(
            new AutoTrainingStatus(AutoTrainingState.Running, ids, Path.Combine(ModelsDirectory, FineTuneLogFileName), null, StartedAt: DateTimeOffset.UtcNow, Kind: TrainingRunKind.FineTune),
            executable => new ChildProcessStart("dotnet",
            [
                executable, "finetune",
                "--model", string.Join(',', ids),
                "--only-if-not-worse",
                .. PenDigitsFile() is { } penDigits ? ["--pen-digits", penDigits] : Array.Empty<string>(),
                "--models-dir", ModelsDirectory,
                "--data-dir", options.Value.ResolveDataDirectory(),
                .. database.FilePath is { } file ? ["--drawings-db", file] : Array.Empty<string>(),
            ])
            {
                // A connection string holds a password: passed in the environment, not on a command line others can read.
                Environment = database.ConnectionString is { } connection
                    ? new Dictionary<string, string> { [DrawingsDatabase.ConnectionVariable] = connection }
                    : new Dictionary<string, string>(),
            },
            "Fine-tune on the saved drawings");
        _ = Task.Run(() => PublishProgressAsync(stopping.Token));
    }

    /// <summary>Reads the running fine-tune's progress every <see cref="ProgressInterval"/> until it ends, raising <see cref="ProgressChanged"/> when it moved.</summary>
    private async Task PublishProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        FineTuneProgress? last = null;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                FineTuneProgress? now;
                try
                {
                    now = Progress();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogDebug(e, "The fine-tune's progress could not be read this time");
                    continue;
                }

                if (now is null)
                {
                    return;
                }

                if (now != last)
                {
                    last = now;
                    ProgressChanged?.Invoke(now);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
    }

    /// <inheritdoc />
    public FineTuneProgress? Progress() => FineTuneFolders.Progress(ModelsDirectory, Current);

    /// <inheritdoc />
    public IReadOnlyList<FineTuneOutcome> LatestOutcomes() => FineTuneFolders.LatestOutcomes(ModelsDirectory);

    /// <inheritdoc cref="IFullTraining.Stop" />
    public void Stop()
    {
        lock (gate)
        {
            fullRunStop?.Cancel();
        }
    }

    /// <summary>Starts a run the owner asked for, after checking that nothing else trains; throws <see cref="InvalidOperationException"/> saying why not.</summary>
    private void StartOwnersRun(AutoTrainingStatus status, Func<string, ChildProcessStart> trainer, string runName)
    {
        var executable = options.Value.ResolveExecutable();
        if (!File.Exists(executable))
        {
            // The page shows this message: the server's paths stay in its log.
            logger.LogWarning("Training not started: the Training CLI is not at {Executable}", executable);
            throw new InvalidOperationException("The Training CLI is not built on this server (scripts/setup.sh builds it; Training:Executable names another).");
        }

        Directory.CreateDirectory(ModelsDirectory);
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
            {
                throw new InvalidOperationException("The server is stopping.");
            }

            if (current.State == AutoTrainingState.Running)
            {
                throw new InvalidOperationException(
                    $"Another training is running ({string.Join(", ", current.ModelIds)}); start this one when it has ended.");
            }

            if (TrainingLock.IsHeld(ModelsDirectory))
            {
                throw new InvalidOperationException(LockedMessage);
            }

            Publish(status);
            logger.LogInformation("{Run} of {Models} started in the background (the owner's request); log: {LogPath}", runName, string.Join(", ", status.ModelIds), status.LogPath);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            fullRunStop = stop;
            var start = trainer(executable);
            fullRun = Task.Run(() => RunOwnersRunAsync(status, start, stop));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.AutoTrain)
        {
            return;
        }

        var modelsDirectory = ModelsDirectory;
        var missing = MissingModels(modelsDirectory, settings.Profile);
        if (missing.Count == 0)
        {
            logger.LogInformation("Every model is trained; no background training");
            return;
        }

        if (!await HasStartedAsync(stoppingToken))
        {
            return;
        }

        Directory.CreateDirectory(modelsDirectory);
        var logPath = Path.Combine(modelsDirectory, LogFileName);
        var executable = settings.ResolveExecutable();
        var run = new AutoTrainingStatus(AutoTrainingState.Running, missing, logPath, null, StartedAt: DateTimeOffset.UtcNow);
        lock (gate)
        {
            if (current.State == AutoTrainingState.Running)
            {
                logger.LogInformation("A training started by the owner runs already; {Models} wait for the next start", string.Join(", ", missing));
                return;
            }

            Publish(run);
        }

        if (!File.Exists(executable))
        {
            Fail(run, $"The Training CLI is not at {executable} (build it with scripts/setup.sh, or set Training:Executable).");
            return;
        }

        if (TrainingLock.IsHeld(modelsDirectory))
        {
            Fail(run, LockedMessage);
            return;
        }

        string[] arguments =
        [
            executable, "train",
            "--model", string.Join(',', missing),
            "--profile", settings.Profile,
            "--models-dir", modelsDirectory,
            "--data-dir", settings.ResolveDataDirectory(),
            "--continue-stopped",
            .. settings.PreviewAfterEpoch > 0 ? ["--preview-after-epoch", settings.PreviewAfterEpoch.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        ];
        logger.LogInformation("Training {Models} in the background ({Profile} profile); log: {LogPath}", string.Join(", ", missing), settings.Profile, logPath);
        await RunTrainerAsync(run, new ChildProcessStart("dotnet", arguments), stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Task owners;
        lock (gate)
        {
            stopping.Cancel();
            owners = fullRun;
        }

        await base.StopAsync(cancellationToken);
        await owners.WaitAsync(cancellationToken);
    }

    private async Task RunOwnersRunAsync(AutoTrainingStatus run, ChildProcessStart start, CancellationTokenSource stop)
    {
        try
        {
            await RunTrainerAsync(run, start, stop.Token);
        }
        finally
        {
            lock (gate)
            {
                if (fullRunStop == stop)
                {
                    fullRunStop = null; // a run started after this one ended keeps its own
                }
            }

            stop.Dispose();
        }
    }

    /// <summary>Runs the trainer of <paramref name="run"/> (published as running) and publishes how it ended.</summary>
    private async Task RunTrainerAsync(AutoTrainingStatus run, ChildProcessStart start, CancellationToken cancellationToken)
    {
        try
        {
            var exitCode = await launcher.RunAsync(start, run.LogPath!, cancellationToken);
            if (exitCode == 0)
            {
                logger.LogInformation("Background training finished");
                Publish(run with { State = AutoTrainingState.Completed });
            }
            else
            {
                Fail(run, LastError(run.LogPath!) is { } error
                    ? $"The Training CLI exited with code {exitCode}: {error}"
                    : $"The Training CLI exited with code {exitCode}.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var byTheOwner = !stopping.IsCancellationRequested;
            logger.LogInformation(byTheOwner ? "Background training stopped by the owner" : "Background training stopped with the server");
            MarkStopped(run, byTheOwner);
            if (byTheOwner)
            {
                Publish(run with { State = AutoTrainingState.Stopped });
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(run, $"The Training CLI could not run: {e.Message}");
        }
    }

    /// <summary>
    /// What the history of a run stopped before its end says: why, and how it goes on. A trainer that stopped on its
    /// own when asked saved a checkpoint where it stopped; one that had to be killed left only its last finished epoch's.
    /// </summary>
    public static string StoppedMessage(AutoTrainingStatus run, bool byTheOwner, int finishedEpochs, bool savedWhereItStopped)
    {
        var why = byTheOwner ? "Stopped by the owner from the web app" : "Stopped when the web server stopped";
        var again = run.Kind == TrainingRunKind.FullRecipe ? "training it with the full recipe again" : "the next start of the web app";
        return savedWhereItStopped
            ? $"{why} during epoch {finishedEpochs + 1}; {again} continues from where it stopped."
            : finishedEpochs == 0
                ? $"{why} during its first epoch; {again} starts it anew."
                : $"{why} after {finishedEpochs} finished {(finishedEpochs == 1 ? "epoch" : "epochs")}; {again} continues from there.";
    }

    /// <summary>
    /// The trainer was stopped mid-run: the history it left says "running" (it was killed) or "stopped" in the trainer's
    /// own words (it stopped when interrupted); either way it now says why and how the run goes on.
    /// </summary>
    private void MarkStopped(AutoTrainingStatus run, bool byTheOwner)
    {
        foreach (var id in run.ModelIds)
        {
            var path = new ModelFiles(ModelsDirectory, id).History;
            try
            {
                if (RecordFile.ReadIfExists<TrainingHistory>(path) is not { } history)
                {
                    continue;
                }

                var stoppedByItself = history.Status == RunStatus.Stopped && history.UpdatedAt >= run.StartedAt;
                if (history.Status == RunStatus.Running || stoppedByItself)
                {
                    RecordFile.Write(path, history with
                    {
                        Status = RunStatus.Stopped,
                        Progress = null,
                        Message = StoppedMessage(run, byTheOwner, history.Epochs.Count, stoppedByItself),
                        UpdatedAt = DateTimeOffset.UtcNow,
                    });
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataFileException)
            {
                logger.LogWarning(e, "Could not mark the interrupted training of {ModelId} as stopped", id);
            }
        }
    }

    /// <summary>
    /// The trainer's last "error: " line in its log (what the CLI says when it refuses, such as too few drawings), or
    /// null. The server's paths in it are the owner's own (only the owner starts runs), but the page shows the folder's
    /// names only where it can.
    /// </summary>
    public static string? LastError(string logPath)
    {
        try
        {
            return File.Exists(logPath)
                ? File.ReadLines(logPath).Where(line => line.StartsWith(ErrorPrefix, StringComparison.Ordinal)).Select(line => line[ErrorPrefix.Length..].Trim()).LastOrDefault()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Waits for the server to have started; false when it stops first.</summary>
    private async Task<bool> HasStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Fail(AutoTrainingStatus run, string message)
    {
        logger.LogError("Background training failed: {Message} Log: {LogPath}", message, run.LogPath);
        Publish(run with { State = AutoTrainingState.Failed, Message = message });
    }

    private void Publish(AutoTrainingStatus status)
    {
        Volatile.Write(ref current, status);
        Changed?.Invoke();
    }
}
