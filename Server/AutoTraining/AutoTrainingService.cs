using System.Globalization;
using Microsoft.Extensions.Options;
using MnistBlazor.Client.AutoTraining;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>
/// When enabled, trains (in one child process of the Training CLI, quick profile) every catalogue model
/// that has no model.onnx yet, in catalogue order so the NN comes first. Models already trained are
/// never retrained. The registry picks up each model.onnx as soon as it is written. The child starts only once the
/// server has started: a server that fails to start (its port taken, say) exits without stopping its hosted services,
/// and would leave a trainer behind writing into the models directory.
/// </summary>
public sealed class AutoTrainingService(
    IOptions<AutoTrainingOptions> options,
    IOptions<ModelsOptions> modelsOptions,
    ITrainingProcessLauncher launcher,
    IHostApplicationLifetime lifetime,
    ILogger<AutoTrainingService> logger) : BackgroundService, IAutoTrainingStatus
{
    public const string LogFileName = "auto-training.log";

    private AutoTrainingStatus current = AutoTrainingStatus.Idle;

    public AutoTrainingStatus Current => Volatile.Read(ref current);

    public event Action? Changed;

    /// <summary>The catalogue models without a model.onnx in the models directory, in catalogue order.</summary>
    public static IReadOnlyList<string> MissingModels(string modelsDirectory) =>
        ModelCatalog.All.Where(spec => !File.Exists(ModelFiles.For(modelsDirectory, spec).Onnx)).Select(spec => spec.Id).ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.AutoTrain)
        {
            return;
        }

        var modelsDirectory = modelsOptions.Value.ResolveDirectory();
        var missing = MissingModels(modelsDirectory);
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
        Publish(new AutoTrainingStatus(AutoTrainingState.Running, missing, logPath, null));
        if (!File.Exists(executable))
        {
            Fail(missing, logPath, $"The Training CLI is not at {executable} (build it with scripts/setup.sh, or set Training:Executable).");
            return;
        }

        string[] arguments =
        [
            executable, "train",
            "--model", string.Join(',', missing),
            "--profile", settings.Profile,
            "--models-dir", modelsDirectory,
            "--data-dir", settings.ResolveDataDirectory(),
            .. settings.PreviewAfterEpoch > 0 ? ["--preview-after-epoch", settings.PreviewAfterEpoch.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        ];
        logger.LogInformation("Training {Models} in the background ({Profile} profile); log: {LogPath}", string.Join(", ", missing), settings.Profile, logPath);
        try
        {
            var exitCode = await launcher.RunAsync("dotnet", arguments, logPath, stoppingToken);
            if (exitCode == 0)
            {
                logger.LogInformation("Background training finished");
                Publish(new AutoTrainingStatus(AutoTrainingState.Completed, missing, logPath, null));
            }
            else
            {
                Fail(missing, logPath, $"The Training CLI exited with code {exitCode}.");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Background training stopped with the server");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(missing, logPath, $"The Training CLI could not run: {e.Message}");
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

    private void Fail(IReadOnlyList<string> models, string logPath, string message)
    {
        logger.LogError("Background training failed: {Message} Log: {LogPath}", message, logPath);
        Publish(new AutoTrainingStatus(AutoTrainingState.Failed, models, logPath, message));
    }

    private void Publish(AutoTrainingStatus status)
    {
        Volatile.Write(ref current, status);
        Changed?.Invoke();
    }
}
