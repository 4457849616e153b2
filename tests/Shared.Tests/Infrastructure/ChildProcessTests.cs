using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Tests.Infrastructure;

public sealed class ChildProcessTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    [Fact]
    public async Task Arguments_working_directory_and_environment_reach_the_program_and_its_streams_stay_apart()
    {
        var output = new List<string>();
        var errors = new List<string>();
        var start = new ChildProcessStart("sh", ["-c", "pwd; echo \"$1\"; echo \"$MNISTBLAZOR_TEST_VALUE\" >&2; exit 3", "sh", "one argument; not split"])
        {
            WorkingDirectory = folder.Path,
            Environment = new Dictionary<string, string> { ["MNISTBLAZOR_TEST_VALUE"] = "from the caller" },
        };

        var exitCode = await ChildProcess.RunAsync(start, output.Add, errors.Add, CancellationToken.None);

        Assert.Equal(3, exitCode);
        Assert.Equal([new DirectoryInfo(folder.Path).FullName, "one argument; not split"], output);
        Assert.Equal(["from the caller"], errors);
    }

    [Fact]
    public void A_program_that_does_not_exist_is_reported_by_name()
    {
        var e = Assert.Throws<ProgramNotFoundException>(() =>
            ChildProcess.Start(new ChildProcessStart("mnistblazor-no-such-program", []), _ => { }, _ => { }));

        Assert.Contains("mnistblazor-no-such-program", e.Message);
    }

    [Fact]
    public async Task Disposing_a_running_program_kills_it()
    {
        var started = new TaskCompletionSource<int>();
        var child = ChildProcess.Start(
            new ChildProcessStart("sh", ["-c", "echo $$; sleep 300"]),
            line => started.TrySetResult(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture)),
            _ => { });
        var pid = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await child.DisposeAsync();

        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }

    [Fact]
    public async Task A_wait_with_a_grace_period_interrupts_the_program_first_and_lets_it_end_on_its_own()
    {
        var output = new List<string>();
        var ready = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var start = new ChildProcessStart("sh", ["-c", "trap 'echo saved where it was; exit 130' TERM; echo ready; while true; do sleep 0.1; done"]);

        var run = ChildProcess.RunAsync(start, line => { lock (output) { output.Add(line); } if (line == "ready") { ready.TrySetResult(); } }, _ => { }, stop.Token, TimeSpan.FromSeconds(20));
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        lock (output)
        {
            Assert.Contains("saved where it was", output);
        }
    }

    [Fact]
    public async Task A_program_that_ignores_the_interrupt_is_killed_when_its_grace_ends()
    {
        var started = new TaskCompletionSource<int>();
        using var stop = new CancellationTokenSource();
        var start = new ChildProcessStart("sh", ["-c", "trap '' TERM; echo $$; while true; do sleep 0.1; done"]);

        var run = ChildProcess.RunAsync(
            start, line => started.TrySetResult(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture)), _ => { }, stop.Token, TimeSpan.FromMilliseconds(300));
        var pid = await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }

    public void Dispose() => folder.Dispose();
}
