using MnistBlazor.Shared;

namespace MnistBlazor.Server.Insights;

/// <summary>Configuration section "Insights": the history/comparison pages and the MNIST test set.</summary>
public sealed class InsightsOptions
{
    public const string SectionName = "Insights";

    /// <summary>How often record files are checked even without a file-system event (some file systems send none).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Quiet time after a file event before re-reading, since training writes several files at once.</summary>
    public TimeSpan ReadDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Where data/mnist/ lives; empty means the repository's data/ (or MNISTBLAZOR_DATA_DIR).</summary>
    public string? DataDirectory { get; set; }

    public string ResolveDataDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? ProjectPaths.DefaultDataDirectory : DataDirectory);
}
