using MnistBlazor.Shared;

namespace MnistBlazor.Server.Inference;

/// <summary>Configuration section "Models".</summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>Where the trained models live (one folder per model id); empty means the repository's models/.</summary>
    public string? Directory { get; set; }

    /// <summary>Quiet time after a file change before the model is reloaded (training writes several files).</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How often the model folders are checked even without a file-system event (some file systems send none).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether one image's models run side by side on several cores (<see cref="ModelConcurrency"/>).
    /// Measured in docs/benchmarks/inference-speed.md.
    /// </summary>
    public ModelConcurrency Concurrency { get; set; } = ModelConcurrency.Sequential;

    /// <summary>
    /// Up to how many images of concurrent classifications one model runs at once (<see cref="ModelBatcher"/>);
    /// 1 turns batching off. A lone image never waits for others. Measured in docs/benchmarks/inference-speed.md.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256, ErrorMessage = "Models:MaxBatchSize must be a whole number from 1 to 256 (1 turns batching off).")]
    public int MaxBatchSize { get; set; } = 32;

    public string ResolveDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(Directory) ? ProjectPaths.DefaultModelsDirectory : Directory);
}

/// <summary>How the models of one classification share the cores.</summary>
public enum ModelConcurrency
{
    /// <summary>One model after the other on the request's thread.</summary>
    Sequential,

    /// <summary>Side by side while fewer classifications are running than there are cores; one after the other otherwise, so load does not oversubscribe them.</summary>
    WhenIdle,

    /// <summary>Always side by side.</summary>
    Always,
}
