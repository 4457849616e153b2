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

    public void Dispose() => folder.Dispose();
}
