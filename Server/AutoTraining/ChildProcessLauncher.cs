using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>Starts the real child process and copies its output, line by line, into the log file.</summary>
public sealed class ChildProcessLauncher : ITrainingProcessLauncher
{
    public async Task<int> RunAsync(string fileName, IReadOnlyList<string> arguments, string logPath, CancellationToken cancellationToken)
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

        var start = new ChildProcessStart(fileName, arguments);
        WriteLine($"$ {start}");
        try
        {
            var exitCode = await ChildProcess.RunAsync(start, WriteLine, WriteLine, cancellationToken);
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
