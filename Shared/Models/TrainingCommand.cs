namespace MnistBlazor.Shared.Models;

/// <summary>
/// How a reader runs the Training CLI from the repository, as every page and message that names a command writes it:
/// the Release build, which trains and evaluates at full speed.
/// </summary>
public static class TrainingCommand
{
    public const string Prefix = "dotnet run --project Training -c Release --";

    /// <summary>The command line for <paramref name="arguments"/>, e.g. <c>train --profile quick</c>.</summary>
    public static string For(string arguments) => $"{Prefix} {arguments}";
}
