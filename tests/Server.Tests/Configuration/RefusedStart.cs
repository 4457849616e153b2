using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Server.Tests.Configuration;

/// <summary>
/// Starts the real server from this test's build output with extra settings, as a person would on the command line,
/// and waits for it to refuse them: a start stopped for its settings ends the process, which a test host cannot show.
/// </summary>
public static class RefusedStart
{
    public static async Task<(int ExitCode, IReadOnlyList<string> Errors)> RunAsync(params string[] settings)
    {
        var errors = new List<string>();
        var server = Path.Combine(AppContext.BaseDirectory, "MnistBlazor.Server.dll");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await ChildProcess.RunAsync(
            new ChildProcessStart("dotnet", [server, "--urls", "http://127.0.0.1:0", "--Training:AutoTrain=false", .. settings])
            {
                Environment = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" },
            },
            _ => { },
            line =>
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            },
            timeout.Token);
        return (exitCode, errors);
    }
}
