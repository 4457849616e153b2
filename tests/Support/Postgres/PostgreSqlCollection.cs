namespace MnistBlazor.Tests.Support;

/// <summary>The tests that share one temporary PostgreSQL cluster (each with databases of its own); linked into each test project that has such tests.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<TemporaryPostgres>
{
    public const string Name = "PostgreSQL";
}
