namespace MnistBlazor.Shared.Tests.Data;

/// <summary>Tests that change or depend on MNISTBLAZOR_* environment variables run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Environment variables";
}
