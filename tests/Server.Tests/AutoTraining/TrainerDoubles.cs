using Microsoft.Extensions.Hosting;
using MnistBlazor.Server.AutoTraining;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Tests.AutoTraining;

/// <summary>A host that has started (its ApplicationStarted token already fired) or never will.</summary>
internal sealed class FakeLifetime(bool started) : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted { get; } = new(started);

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication()
    {
    }
}

internal sealed record LaunchedRun(string FileName, IReadOnlyList<string> Arguments, string LogPath, IReadOnlyDictionary<string, string> Environment);

internal sealed class RecordingLauncher(int exitCode, bool waitForCancellation = false, params string[] logLines) : ITrainingProcessLauncher
{
    public List<LaunchedRun> Runs { get; } = [];

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SawCancellation { get; private set; }

    /// <summary>What the trainer does when interrupted before it ends (a real one saves its checkpoint and history).</summary>
    public Action? OnCancellation { get; init; }

    public async Task<int> RunAsync(ChildProcessStart start, string logPath, CancellationToken cancellationToken)
    {
        Runs.Add(new LaunchedRun(start.Program, start.Arguments.ToArray(), logPath, start.Environment));
        File.WriteAllLines(logPath, logLines); // what the trainer printed
        Started.TrySetResult();
        if (waitForCancellation)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                OnCancellation?.Invoke();
                throw;
            }
        }

        return exitCode;
    }
}
