using System.Diagnostics;

namespace MnistBlazor.Server.AutoTraining;

/// <summary>Starts the real child process and copies its output, line by line, into the log file.</summary>
public sealed class ChildProcessLauncher : ITrainingProcessLauncher
{
    public async Task<int> RunAsync(string fileName, IReadOnlyList<string> arguments, string logPath, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A log is not a product record: plain appends are fine (no atomic rewrite needed).
        await using var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var logGate = new Lock();
        void WriteLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (logGate)
            {
                log.WriteLine(line);
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(e.Data);
        WriteLine($"$ {fileName} {string.Join(' ', arguments)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            WriteLine("Stopped: the server is shutting down.");
            throw;
        }

        // The parameterless wait also drains the redirected output before the log closes.
        process.WaitForExit();
        WriteLine($"Exit code {process.ExitCode}");
        return process.ExitCode;
    }
}
