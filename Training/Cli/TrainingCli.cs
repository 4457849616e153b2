using System.CommandLine;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Training.Cli;

/// <summary>The command line of the Training project: data, train, evaluate, submit, export, quantize, benchmark, finetune, versions.</summary>
public static class TrainingCli
{
    public const int UsageExitCode = 2;
    public const int FailureExitCode = 1;

    public static RootCommand CreateRootCommand(CancellationToken stopRequested) =>
        new("MnistBlazor training: the Kaggle study's four MNIST architectures in TorchSharp")
        {
            DataCommand.Create(),
            TrainCommand.Create(stopRequested),
            EvaluateCommand.Create(),
            SubmitCommand.Create(),
            ExportCommand.Create(),
            QuantizeCommand.Create(),
            BenchmarkCommand.Create(),
            FineTuneCommand.Create(stopRequested),
            VersionsCommand.Create(),
        };

    /// <summary>Parses and runs; bad arguments and missing inputs print a message and return 2, a file or folder that cannot be read or written 1.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken stopRequested = default)
    {
        var parseResult = CreateRootCommand(stopRequested).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run with --help to see the commands and options.");
            return UsageExitCode;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return parseResult.Invoke(configuration);
        }
        catch (UsageException e)
        {
            error.WriteLine($"error: {e.Message}");
            return UsageExitCode;
        }
        catch (DataFileException e)
        {
            error.WriteLine($"error: {e.Message}");
            return UsageExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that cannot be created or written, a full disk: the system's message names the path.
            error.WriteLine($"error: {e.Message}");
            return FailureExitCode;
        }
    }
}
