namespace MnistBlazor.Shared;

/// <summary>
/// Where the repository, the data and the trained models are. The data and models directories
/// default to folders at the repository root (git-ignored) and can be moved with environment variables.
/// </summary>
public static class ProjectPaths
{
    public const string SolutionFileName = "MnistBlazor.sln";
    public const string DataDirectoryVariable = "MNISTBLAZOR_DATA_DIR";
    public const string ModelsDirectoryVariable = "MNISTBLAZOR_MODELS_DIR";

    /// <summary><c>$MNISTBLAZOR_DATA_DIR</c>, else <c>&lt;repository&gt;/data</c>.</summary>
    public static string DefaultDataDirectory => FromEnvironment(DataDirectoryVariable) ?? Path.Combine(RootOrCurrentDirectory(), "data");

    /// <summary><c>$MNISTBLAZOR_MODELS_DIR</c>, else <c>&lt;repository&gt;/models</c>.</summary>
    public static string DefaultModelsDirectory => FromEnvironment(ModelsDirectoryVariable) ?? Path.Combine(RootOrCurrentDirectory(), "models");

    /// <summary>
    /// The directory holding MnistBlazor.sln, searched upwards from the application's directory and
    /// then from the current directory.
    /// </summary>
    public static string FindRepositoryRoot() =>
        TryFindRepositoryRoot() ?? throw new InvalidOperationException(
            $"Cannot find the MnistBlazor repository: no {SolutionFileName} in {AppContext.BaseDirectory}, " +
            $"{Environment.CurrentDirectory} or any directory above them. Run from inside the repository or set " +
            $"{DataDirectoryVariable} and {ModelsDirectoryVariable}.");

    public static string? TryFindRepositoryRoot() =>
        FindUpwardsFrom(AppContext.BaseDirectory) ?? FindUpwardsFrom(Environment.CurrentDirectory);

    /// <summary>The nearest directory at or above <paramref name="start"/> that holds MnistBlazor.sln.</summary>
    public static string? FindUpwardsFrom(string start)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static string? FromEnvironment(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value);
    }

    // A deployed app without the repository keeps its data next to where it was started.
    private static string RootOrCurrentDirectory() => TryFindRepositoryRoot() ?? Environment.CurrentDirectory;
}
