using System.ComponentModel;
using System.Diagnostics;

namespace MnistBlazor.Shared.Infrastructure;

/// <summary>A program to start: run directly (no shell), its arguments passed one by one.</summary>
public sealed record ChildProcessStart(string Program, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or replacing) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public override string ToString() => $"{Program} {string.Join(' ', Arguments)}";
}

/// <summary>The program could not be started at all (not installed, not on PATH, not executable).</summary>
public sealed class ProgramNotFoundException(string program, Exception innerException)
    : FileNotFoundException($"{program} could not be started: {innerException.Message}", program, innerException);

/// <summary>
/// The one way the product and its tests start other programs (npm, the Training CLI, the server).
/// Standard output and error arrive line by line on the callbacks (from other threads); cancelling a
/// wait, or disposing a process still running, kills its whole process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;

    private ChildProcess(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the program; throws <see cref="ProgramNotFoundException"/> when it cannot be started.</summary>
    public static ChildProcess Start(ChildProcessStart start, Action<string> onOutputLine, Action<string> onErrorLine)
    {
        var startInfo = new ProcessStartInfo(start.Program)
        {
            WorkingDirectory = start.WorkingDirectory ?? "",
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in start.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in start.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Deliver(e.Data, onOutputLine);
        process.ErrorDataReceived += (_, e) => Deliver(e.Data, onErrorLine);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ProgramNotFoundException(start.Program, e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>Starts the program and waits for its end (see <see cref="WaitForExitAsync"/>).</summary>
    public static async Task<int> RunAsync(
        ChildProcessStart start, Action<string> onOutputLine, Action<string> onErrorLine, CancellationToken cancellationToken)
    {
        await using var child = Start(start, onOutputLine, onErrorLine);
        return await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the program has exited and every output line was delivered, and returns its exit code.
    /// Cancelling kills the process tree, waits for it to go, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // The parameterless wait also drains the redirected output, so no line arrives after this returns.
        process.WaitForExit();
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        process.Dispose();
    }

    private static void Deliver(string? line, Action<string> receiver)
    {
        if (line is not null)
        {
            receiver(line);
        }
    }
}
