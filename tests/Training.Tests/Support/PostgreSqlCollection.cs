namespace MnistBlazor.Training.Tests.Support;

/// <summary>The tests that share one temporary PostgreSQL cluster (each with databases of its own).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<TemporaryPostgres>
{
    public const string Name = "PostgreSQL";
}
