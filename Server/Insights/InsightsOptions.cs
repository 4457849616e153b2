using MnistBlazor.Shared;

namespace MnistBlazor.Server.Insights;

/// <summary>Configuration section "Insights": the history/comparison pages and the MNIST test set.</summary>
public sealed class InsightsOptions
{
    public const string SectionName = "Insights";

    /// <summary>Where data/mnist/ lives; empty means the repository's data/ (or MNISTBLAZOR_DATA_DIR).</summary>
    public string? DataDirectory { get; set; }

    public string ResolveDataDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? ProjectPaths.DefaultDataDirectory : DataDirectory);
}
