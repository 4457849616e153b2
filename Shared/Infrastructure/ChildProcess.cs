using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

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
/// wait, or disposing a process still running, kills its whole process tree (after an interrupt and a
/// grace period, for a wait that asks for one).
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
        ChildProcessStart start, Action<string> onOutputLine, Action<string> onErrorLine, CancellationToken cancellationToken,
        TimeSpan interruptGrace = default)
    {
        await using var child = Start(start, onOutputLine, onErrorLine);
        return await child.WaitForExitAsync(cancellationToken, interruptGrace).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the program has exited and every output line was delivered, and returns its exit code.
    /// Cancelling kills the process tree, waits for it to go, and throws <see cref="OperationCanceledException"/>.
    /// With an <paramref name="interruptGrace"/> (on Linux) the program first gets SIGTERM and that long to end on its
    /// own (a trainer saves its checkpoint, as on Ctrl+C); only then is its tree killed.
    /// </summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken, TimeSpan interruptGrace = default)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (interruptGrace > TimeSpan.Zero && OperatingSystem.IsLinux())
            {
                await InterruptAsync(interruptGrace).ConfigureAwait(false);
            }
            else
            {
                process.Kill(entireProcessTree: true);
            }

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

    private const int SigKill = 9;
    private const int SigTerm = 15;

    /// <summary>
    /// SIGTERM (the usual request to stop; SIGINT may be ignored by a program started in the background) to the program
    /// and every process it started, then, after the grace, SIGKILL to whichever of them still runs (its children too,
    /// although the program may have ended and left them orphaned). Each process is known by its number and its start
    /// time, so a number the kernel has given to another process since is left alone.
    /// </summary>
    private async Task InterruptAsync(TimeSpan grace)
    {
        var tree = new[] { process.Id }.Concat(Descendants(process.Id))
            .Select(id => (Id: id, Started: StartTimeOf(id))).Where(p => p.Started is not null).ToArray();
        foreach (var (id, started) in tree)
        {
            Signal(id, started, SigTerm);
        }

        using var waiting = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(waiting.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Still running after its grace: killed below.
        }

        foreach (var (id, started) in tree.Skip(1))
        {
            Signal(id, started, SigKill);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="id"/> if it is still the one that started then.</summary>
    private static void Signal(int id, long? started, int signal)
    {
        if (StartTimeOf(id) == started)
        {
            Kill(id, signal);
        }
    }

    /// <summary>The processes descended from <paramref name="root"/>, read from /proc.</summary>
    private static IEnumerable<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var id) && StatFields(id) is { } fields
                && int.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var parent))
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(id);
            }
        }

        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var id))
        {
            foreach (var child in children.GetValueOrDefault(id, []))
            {
                yield return child;
                pending.Enqueue(child);
            }
        }
    }

    /// <summary>
    /// When process <paramref name="id"/> started (clock ticks after boot); null when it has gone, is a zombie, or the
    /// number is a thread's (/proc answers for threads too, though it lists only processes).
    /// </summary>
    private static long? StartTimeOf(int id) =>
        StatFields(id) is { } fields && fields[0] != "Z" && IsThreadGroupLeader(id)
            && long.TryParse(fields[19], System.Globalization.CultureInfo.InvariantCulture, out var started) ? started : null;

    /// <summary>The fields of /proc/&lt;id&gt;/stat after "id (name) ": state, parent, ..., start time (the 20th); null when the process has gone.</summary>
    private static string[]? StatFields(int id)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static bool IsThreadGroupLeader(int id)
    {
        try
        {
            return File.ReadLines($"/proc/{id}/status").FirstOrDefault(line => line.StartsWith("Tgid:", StringComparison.Ordinal)) is { } line
                && line["Tgid:".Length..].Trim() == id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int processId, int signal);

    private static void Deliver(string? line, Action<string> receiver)
    {
        if (line is not null)
        {
            receiver(line);
        }
    }
}
