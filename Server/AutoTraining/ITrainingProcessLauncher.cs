using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>Runs a child process to its end; a seam so tests never start a real training.</summary>
public interface ITrainingProcessLauncher
{
    /// <summary>
    /// Runs <paramref name="start"/> (its program, arguments and added environment), writing its output and errors to
    /// <paramref name="logPath"/>, and returns its exit code. Cancelling asks it to stop (SIGTERM,
    /// which a trainer takes as Ctrl+C: it saves a checkpoint where it is) and kills its whole process tree if it has not ended within a grace period.
    /// </summary>
    Task<int> RunAsync(ChildProcessStart start, string logPath, CancellationToken cancellationToken);
}
