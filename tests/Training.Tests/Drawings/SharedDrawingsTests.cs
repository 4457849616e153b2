using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Cli;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using Npgsql;
using static MnistBlazor.Training.Tests.Support.CliRun;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Drawings;

/// <summary>evaluate and finetune read the drawings from the web app's shared PostgreSQL database with --drawings-connection.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class SharedDrawingsTests(TemporaryPostgres server) : IDisposable
{
    private const string Secret = "s3cret-Pa55word";
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Evaluate_reads_the_drawings_from_a_PostgreSQL_database()
    {
        var connectionString = server.CreateDatabase();
        using (var store = DrawingStore.Open(DrawingsDatabase.PostgreSql(connectionString, "the test's connection string")))
        {
            SavedDigits.Save(store, 10);
        }

        var models = directory.File("models");
        var files = ModelFiles.For(models, ModelCatalog.Nn);
        random.manual_seed(3);
        using (var model = ModelFactory.Create(ModelCatalog.Nn.Id))
        {
            ModelStore.SaveWeights(model, files);
        }

        var (exitCode, output, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-connection", connectionString, "--models-dir", models);

        Assert.True(exitCode == 0, error);
        Assert.Equal(10, RecordFile.Read<TestMetrics>(EvaluateCommand.DrawingsMetricsPath(files)).Count);
        Assert.Contains("my-drawings: accuracy", output);
    }

    [Fact]
    public void An_empty_PostgreSQL_database_is_a_usage_error_naming_it()
    {
        var connectionString = server.CreateDatabase();

        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-connection", connectionString, "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("PostgreSQL database 'test_", error);
        Assert.Contains("holds no saved drawings yet", error);
    }

    [Fact]
    public void A_connection_string_that_cannot_be_used_is_a_usage_error_without_the_password()
    {
        var (exitCode, _, error) = Run("evaluate", "--model", "nn", "--drawings", "--drawings-connection", $"Database=mnist;Password={Secret}", "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("--drawings-connection names no Host", error);
        Assert.DoesNotContain(Secret, error);
    }

    [Fact]
    public void A_file_and_a_connection_string_together_are_a_usage_error()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString("mnist")) { Password = Secret }.ConnectionString;

        var (exitCode, _, error) = Run("finetune", "--model", "nn", "--drawings-db", directory.File("drawings.db"), "--drawings-connection", connectionString, "--models-dir", directory.Path);

        Assert.Equal(2, exitCode);
        Assert.Contains("give one of them", error);
        Assert.DoesNotContain(Secret, error);
    }
}
