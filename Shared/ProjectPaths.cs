namespace MnistBlazor.Shared;

/// <summary>
/// Default locations of the data and models directories: inside the repository (git-ignored),
/// unless MNISTBLAZOR_DATA_DIR / MNISTBLAZOR_MODELS_DIR say otherwise.
/// </summary>
public static class ProjectPaths
{
    public const string SolutionFileName = "MnistBlazor.sln";
    public const string DataDirectoryVariable = "MNISTBLAZOR_DATA_DIR";
    public const string ModelsDirectoryVariable = "MNISTBLAZOR_MODELS_DIR";

    /// <summary>
    /// The folder holding MnistBlazor.sln, searched upwards from the program's folder and then from
    /// the current directory; the current directory when neither is inside the repository.
    /// </summary>
    public static string FindRepositoryRoot() =>
        FindUpwards(AppContext.BaseDirectory) ?? FindUpwards(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;

    public static string DefaultDataDirectory =>
        FromEnvironment(DataDirectoryVariable) ?? Path.Combine(FindRepositoryRoot(), "data");

    public static string DefaultModelsDirectory =>
        FromEnvironment(ModelsDirectoryVariable) ?? Path.Combine(FindRepositoryRoot(), "models");

    private static string? FromEnvironment(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? Path.GetFullPath(value) : null;

    private static string? FindUpwards(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
