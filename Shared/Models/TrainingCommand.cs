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

/// <summary>The Training CLI's <c>train --profile</c> values.</summary>
public static class TrainingProfile
{
    /// <summary>The recipe as it is.</summary>
    public const string Full = "full";

    /// <summary>Brief: the NN for fewer epochs, each CNN on part of MNIST (what the web app's first start trains).</summary>
    public const string Quick = "quick";

    public static readonly string[] All = [Full, Quick];
}
