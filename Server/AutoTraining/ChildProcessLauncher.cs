using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>Starts the real child process and copies its output, line by line, into the log file.</summary>
/// <param name="stopGrace">How long a stopped trainer may take to end on its own; <see cref="StopGrace"/> unless given.</param>
public sealed class ChildProcessLauncher(TimeSpan? stopGrace = null) : ITrainingProcessLauncher
{
    /// <summary>
    /// How long a trainer asked to stop (SIGTERM, which it takes as Ctrl+C) may take to finish its batch and save its checkpoint
    /// before it is killed; it needs about a second, and the host's shutdown waits 30.
    /// </summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    public async Task<int> RunAsync(ChildProcessStart start, string logPath, CancellationToken cancellationToken)
    {
        // A log is not a product record: plain appends are fine (no atomic rewrite needed).
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var logGate = new Lock();
        void WriteLine(string line)
        {
            lock (logGate)
            {
                log.WriteLine(line);
            }
        }

        WriteLine($"$ {start}"); // the program and its arguments: the added environment (a connection string, say) stays out of the log
        try
        {
            var exitCode = await ChildProcess.RunAsync(start, WriteLine, WriteLine, cancellationToken, stopGrace ?? StopGrace);
            WriteLine($"Exit code {exitCode}");
            return exitCode;
        }
        catch (OperationCanceledException)
        {
            WriteLine("Stopped before the end: the owner stopped it, or the server is shutting down.");
            throw;
        }
    }
}
