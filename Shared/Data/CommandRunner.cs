using System.Text;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Data;

/// <summary>What running an external program produced; <see cref="ProgramFound"/> is false when it is not installed.</summary>
public sealed record CommandResult(bool ProgramFound, int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs an external program (npm), replaceable in tests.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken);
}

/// <summary>Runs a program with <see cref="ChildProcess"/>, capturing its output.</summary>
public sealed class ProcessCommandRunner : ICommandRunner
{
    public async Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var standardOutput = new StringBuilder();
        var standardError = new StringBuilder();
        try
        {
            var exitCode = await ChildProcess.RunAsync(
                new ChildProcessStart(program, arguments) { WorkingDirectory = workingDirectory },
                line => Append(standardOutput, line),
                line => Append(standardError, line),
                cancellationToken).ConfigureAwait(false);
            return new CommandResult(true, exitCode, Text(standardOutput), Text(standardError));
        }
        catch (ProgramNotFoundException)
        {
            return new CommandResult(ProgramFound: false, ExitCode: -1, "", $"{program} was not found");
        }
    }

    private static void Append(StringBuilder text, string line)
    {
        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
