using MnistBlazor.Training.Cli;

namespace MnistBlazor.Training.Tests.Support;

/// <summary>Runs the Training CLI in-process and captures what it printed.</summary>
public static class CliRun
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args) => Run(default, args);

    public static (int ExitCode, string Output, string Error) Run(CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TrainingCli.Run(args, output, error, stop);
        return (exitCode, output.ToString(), error.ToString());
    }
}
