using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Insights;

/// <summary>What the server measures itself for the comparison: latency, the ensemble's test accuracy, every model on the real pen digits.</summary>
public interface IModelComparison
{
    /// <summary>Median single-image inference time per model id (and the ensemble), for models measured so far.</summary>
    IReadOnlyDictionary<string, TimeSpan> MedianLatency { get; }

    /// <summary>Where the ensemble's evaluation on the MNIST test set stands.</summary>
    EnsembleEvaluation EnsembleEvaluation { get; }

    /// <summary>Every loaded model's and the ensemble's metrics on the real pen digits, by model id, measured so far.</summary>
    IReadOnlyDictionary<string, TestMetrics> PenDigitMetrics { get; }

    /// <summary>Where the measurement on the real pen digits stands (unavailable without a pen-digit file: the message says how to get one).</summary>
    EnsembleEvaluation PenDigitsEvaluation { get; }

    /// <summary>
    /// Every model's and the ensemble's accuracy on the pen digits written each other way (turned, slanted, narrower,
    /// wider: <see cref="PenDigitVariation.Standard"/>), by model id, for the models measured so far.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<VariationAccuracy>> PenDigitVariations { get; }

    /// <summary>Where the measurement on the pen digits written differently stands (it follows the one on the digits as written).</summary>
    EnsembleEvaluation PenDigitVariationsEvaluation { get; }

    /// <summary>
    /// Starts measuring in the background whatever is missing or stale for the current model files
    /// (latency, the ensemble's test metrics, the scores on the pen digits as written and written differently). Returns at once; <see cref="Changed"/> reports progress.
    /// </summary>
    void EnsureMeasured();

    /// <summary>Raised (on any thread) when a measurement progressed or finished.</summary>
    event Action? Changed;
}

public enum EvaluationState
{
    /// <summary>Nothing measured and nothing running.</summary>
    Idle,
    Running,

    /// <summary>The ensemble's metrics.json matches the current member files.</summary>
    Current,

    /// <summary>It cannot be computed (no trained CNN, no test set); the message says why.</summary>
    Unavailable,
    Failed,

    /// <summary>
    /// Stale, and left until the training writing the models now ends (the server's own or a terminal's): beside it the
    /// measurement would slow the training down, and the models change by its end anyway. It starts by itself then.
    /// </summary>
    Waiting,
}

/// <param name="State">Whether it is running, done or impossible.</param>
/// <param name="Fraction">Progress of a running evaluation, 0..1.</param>
/// <param name="Message">What is happening or why it cannot happen.</param>
public sealed record EnsembleEvaluation(EvaluationState State, double Fraction, string? Message)
{
    public static EnsembleEvaluation Idle { get; } = new(EvaluationState.Idle, 0, null);
}
