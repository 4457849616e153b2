using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Server.AutoTraining;

namespace MnistBlazor.Server.Tests.AutoTraining;

/// <summary>The real launcher, with a tiny shell script as the trainer.</summary>
public sealed class ChildProcessLauncherTests : IDisposable
{
    private readonly TemporaryDirectory root = new();

    [Fact]
    public async Task Output_and_errors_go_to_the_log_and_the_exit_code_is_returned()
    {
        var log = root.File("train.log");

        var exitCode = await new ChildProcessLauncher().RunAsync(new ChildProcessStart("sh", ["-c", "echo epoch 1; echo broken >&2; exit 4"]), log, CancellationToken.None);

        Assert.Equal(4, exitCode);
        var text = File.ReadAllText(log);
        Assert.Contains("epoch 1", text);
        Assert.Contains("broken", text);
        Assert.Contains("Exit code 4", text);
    }

    [Fact]
    public async Task The_added_environment_reaches_the_trainer_but_not_the_log()
    {
        var log = root.File("train.log");
        var start = new ChildProcessStart("sh", ["-c", "echo \"got $SECRET_SETTING\" | tr a-z A-Z"])
        {
            Environment = new Dictionary<string, string> { ["SECRET_SETTING"] = "s3cret" },
        };

        var exitCode = await new ChildProcessLauncher().RunAsync(start, log, CancellationToken.None);

        Assert.Equal(0, exitCode);
        var text = File.ReadAllText(log);
        Assert.Contains("GOT S3CRET", text); // the trainer saw it (upper-cased, so the check below is not fooled by this line)
        Assert.DoesNotContain("s3cret", text);
    }

    [Fact]
    public async Task Cancelling_kills_the_trainer_and_its_children()
    {
        var log = root.File("train.log");
        var childPidFile = root.File("child.pid");
        using var cancellation = new CancellationTokenSource();
        // The child ignores the request to stop (SIGTERM): it is killed when the grace ends.
        var run = new ChildProcessLauncher(TimeSpan.FromMilliseconds(500)).RunAsync(
            new ChildProcessStart("sh", ["-c", $"(trap '' TERM; sleep 300) & echo $! > '{childPidFile}'; wait"]), log, cancellation.Token);
        await Eventually.TrueAsync(() => File.Exists(childPidFile) && new FileInfo(childPidFile).Length > 0, "the script never started its child");

        var childPid = int.Parse(File.ReadAllText(childPidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // SIGKILL is asynchronous: give the kernel a moment to end the child.
        await Eventually.TrueAsync(() => !IsAlive(childPid), $"the trainer's child {childPid} survived");
        Assert.Contains("Stopped", File.ReadAllText(log));
    }

    /// <summary>Whether the process runs; a killed one waiting to be reaped (state Z) does not.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => root.Dispose();
}
