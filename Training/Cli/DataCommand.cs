using System.CommandLine;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Training.Cli;

/// <summary><c>data</c>: makes sure the MNIST files are present and verified.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var dataDirectory = CliOptions.DataDirectory();
        var command = new Command("data", "Obtain and verify the MNIST IDX files (SHA-256) in the data directory") { dataDirectory };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CommandOutput.From(parse).Output;
            var directory = parse.GetValue(dataDirectory)!;
            var report = await MnistDataset.EnsureAsync(directory, cancellationToken);
            output.WriteLine(report);
            return 0;
        });
        return command;
    }
}
