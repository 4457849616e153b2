using System.CommandLine;
using MnistBlazor.Shared.IO;
using MnistBlazor.Training.Progress;
using Spectre.Console;

namespace MnistBlazor.Training.Cli;

/// <summary>The writers a command reports to, and the progress display that fits them.</summary>
public sealed class CommandOutput(TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    public static CommandOutput From(ParseResult parseResult) =>
        new(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);

    /// <summary>
    /// Progress of work counted in items on the error writer, so that the output keeps the results alone; redrawn in
    /// place on an interactive terminal.
    /// </summary>
    public ConsoleProgress Progress(string label, long total, string unit) =>
        new(Error, inPlace: ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected, label, total, unit);

    /// <summary>Live bars on an interactive terminal; plain lines every 10 s when output is redirected or captured.</summary>
    public T WithProgress<T>(Func<ITrainingProgress, T> body)
    {
        var interactive = ReferenceEquals(Output, Console.Out)
            && !Console.IsOutputRedirected
            && AnsiConsole.Profile.Capabilities.Interactive;
        return interactive
            ? SpectreTrainingProgress.Run(body)
            : body(new PlainTrainingProgress(Output, TimeSpan.FromSeconds(10)));
    }
}
