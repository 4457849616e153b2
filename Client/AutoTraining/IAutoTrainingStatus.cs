namespace MnistBlazor.Client.AutoTraining;

public enum AutoTrainingState
{
    /// <summary>No background training was started (disabled, or every model was already trained).</summary>
    Idle,
    Running,
    Completed,
    Failed,

    /// <summary>The owner stopped it: the model it was training keeps the version it had.</summary>
    Stopped,
}

/// <summary>
/// The background training the server runs: at start, the quick profile for the models that had no model.onnx; later,
/// the full recipe for the models the owner asked for (<see cref="IFullTraining"/>), or a fine-tune on the saved drawings
/// (<see cref="SavedDrawings.IFineTuning"/>). One run at a time.
/// </summary>
/// <param name="State">Where the run is.</param>
/// <param name="ModelIds">The models it trains, in training order.</param>
/// <param name="LogPath">The file the trainer's output goes to, or null before a run.</param>
/// <param name="Message">Why it failed, when it did.</param>
/// <param name="FullRecipe">Whether it trains with the full recipe (the owner's run) rather than the start's quick profile.</param>
/// <param name="StartedAt">When the run started: a model's history older than this is not this run's yet.</param>
/// <param name="FineTune">Whether it fine-tunes the models on the saved drawings (the owner's run; their own files change only at its end).</param>
public sealed record AutoTrainingStatus(
    AutoTrainingState State, IReadOnlyList<string> ModelIds, string? LogPath, string? Message, bool FullRecipe = false, DateTimeOffset? StartedAt = null,
    bool FineTune = false)
{
    public static AutoTrainingStatus Idle { get; } = new(AutoTrainingState.Idle, [], null, null);

    public bool Includes(string modelId) => ModelIds.Contains(modelId, StringComparer.Ordinal);
}

/// <summary>Implemented by the server's background trainer.</summary>
public interface IAutoTrainingStatus
{
    AutoTrainingStatus Current { get; }

    /// <summary>Raised (on any thread) when <see cref="Current"/> changed.</summary>
    event Action? Changed;
}
