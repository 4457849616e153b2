using MnistBlazor.Shared.Tests.Data;

namespace MnistBlazor.Shared.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed class ProjectPathsTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();
    private readonly string? _dataVariable = Environment.GetEnvironmentVariable(ProjectPaths.DataDirectoryVariable);
    private readonly string? _modelsVariable = Environment.GetEnvironmentVariable(ProjectPaths.ModelsDirectoryVariable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ProjectPaths.DataDirectoryVariable, _dataVariable);
        Environment.SetEnvironmentVariable(ProjectPaths.ModelsDirectoryVariable, _modelsVariable);
        _temp.Dispose();
    }

    [Fact]
    public void Finds_the_repository_root_above_the_test_binaries()
    {
        var root = ProjectPaths.FindRepositoryRoot();

        Assert.True(File.Exists(Path.Combine(root, "MnistBlazor.sln")));
        Assert.StartsWith(root, AppContext.BaseDirectory);
    }

    [Fact]
    public void Searches_upwards_from_a_nested_directory()
    {
        File.WriteAllText(_temp.File("MnistBlazor.sln"), "");
        var nested = Directory.CreateDirectory(Path.Combine(_temp.Path, "a", "b", "c")).FullName;

        Assert.Equal(_temp.Path, ProjectPaths.FindUpwardsFrom(nested));
    }

    [Fact]
    public void Returns_null_when_no_solution_is_above()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_temp.Path, "x")).FullName;

        Assert.Null(ProjectPaths.FindUpwardsFrom(nested));
    }

    [Fact]
    public void Data_and_models_default_to_folders_in_the_repository()
    {
        Environment.SetEnvironmentVariable(ProjectPaths.DataDirectoryVariable, null);
        Environment.SetEnvironmentVariable(ProjectPaths.ModelsDirectoryVariable, null);
        var root = ProjectPaths.FindRepositoryRoot();

        Assert.Equal(Path.Combine(root, "data"), ProjectPaths.DefaultDataDirectory);
        Assert.Equal(Path.Combine(root, "models"), ProjectPaths.DefaultModelsDirectory);
    }

    [Fact]
    public void Environment_variables_override_the_defaults()
    {
        Environment.SetEnvironmentVariable(ProjectPaths.DataDirectoryVariable, _temp.File("my-data"));
        Environment.SetEnvironmentVariable(ProjectPaths.ModelsDirectoryVariable, _temp.File("my-models"));

        Assert.Equal(_temp.File("my-data"), ProjectPaths.DefaultDataDirectory);
        Assert.Equal(_temp.File("my-models"), ProjectPaths.DefaultModelsDirectory);
    }
}
