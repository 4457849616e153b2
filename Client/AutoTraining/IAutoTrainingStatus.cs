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

/// <summary>Which of the server's background trainings a run is.</summary>
public enum TrainingRunKind
{
    /// <summary>At start, the quick profile for the models that had no model.onnx.</summary>
    FirstRun,

    /// <summary>The full recipe for the models the owner asked for (<see cref="IFullTraining"/>).</summary>
    FullRecipe,

    /// <summary>A fine-tune on the saved drawings (<see cref="SavedDrawings.IFineTuning"/>); the models' own files change only at its end.</summary>
    FineTune,
}

/// <summary>The background training the server runs (<see cref="TrainingRunKind"/>); one run at a time.</summary>
/// <param name="State">Where the run is.</param>
/// <param name="ModelIds">The models it trains, in training order.</param>
/// <param name="LogPath">The file the trainer's output goes to, or null before a run.</param>
/// <param name="Message">Why it failed, when it did.</param>
/// <param name="Kind">Which training it is.</param>
/// <param name="StartedAt">When the run started: a model's history older than this is not this run's yet.</param>
public sealed record AutoTrainingStatus(
    AutoTrainingState State, IReadOnlyList<string> ModelIds, string? LogPath, string? Message, TrainingRunKind Kind = TrainingRunKind.FirstRun,
    DateTimeOffset? StartedAt = null)
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
