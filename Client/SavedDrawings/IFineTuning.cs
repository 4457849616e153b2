using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.SavedDrawings;

/// <summary>
/// Fine-tuning the served models on the saved drawings, in the background (one training of any kind at a time; its
/// state is <see cref="AutoTraining.IAutoTrainingStatus"/>'s, with <see cref="AutoTraining.AutoTrainingStatus.Kind"/> <see cref="AutoTraining.TrainingRunKind.FineTune"/>).
/// </summary>
public interface IFineTuning
{
    /// <summary>The catalogue models that can be fine-tuned here: those with trained weights, in catalogue order.</summary>
    IReadOnlyList<string> TrainedModels();

    /// <summary>
    /// Fine-tunes every trained model, one after the other, on MNIST images plus the saved one-digit drawings; each new
    /// version is put in use only when it is not worse (<see cref="FineTuneReport.WhyWorse"/>). Throws
    /// <see cref="InvalidOperationException"/> while another training runs or when the server cannot train here, and
    /// <see cref="UnauthorizedAccessException"/> unless the caller is the owner.
    /// </summary>
    void Start();

    /// <summary>
    /// Stops the fine-tune, if one runs: the model it was tuning keeps the version it had, the ones it finished keep
    /// their outcome. Throws <see cref="UnauthorizedAccessException"/> unless the caller is the owner.
    /// </summary>
    void Stop();

    /// <summary>Where the running fine-tune is, or null when none runs.</summary>
    FineTuneProgress? Progress();

    /// <summary>
    /// Raised when the running fine-tune's <see cref="Progress"/> changed: it is read once for every viewer, not by
    /// each. Its start and end arrive as <see cref="AutoTraining.IAutoTrainingStatus.Changed"/>.
    /// </summary>
    event Action<FineTuneProgress>? ProgressChanged;

    /// <summary>
    /// Each model's latest fine-tune, in catalogue order (models never fine-tuned are left out); without the held-out
    /// drawings' numbers and labels where the saved drawings are private to the caller.
    /// </summary>
    IReadOnlyList<FineTuneOutcome> LatestOutcomes();
}

/// <summary>Where a fine-tune is with the model it tunes.</summary>
public enum FineTunePhase
{
    /// <summary>Measuring the version in use on MNIST test and the held-back drawings, before it learns.</summary>
    Measuring,

    /// <summary>Its pass over the MNIST images and the drawings.</summary>
    Learning,

    /// <summary>Measuring the new version, writing its files, and putting it in use when it is not worse.</summary>
    Saving,
}

/// <summary>
/// A running fine-tune: the model it tunes now (after <paramref name="Finished"/> of <paramref name="Count"/>), what it
/// does with it, and, while it learns, its pass's progress (null until its first batches are done).
/// </summary>
public sealed record FineTuneProgress(string ModelId, int Finished, int Count, FineTunePhase Phase, RunProgress? Epoch = null);

/// <summary>A model's latest fine-tune and whether its version is the one in use now.</summary>
public sealed record FineTuneOutcome(string DisplayName, FineTuneReport Report, bool InUse)
{
    /// <summary>
    /// The saved drawings are private to this viewer: <see cref="Report"/> is <see cref="FineTuneReport.WithoutDrawings"/>'s,
    /// which says how many held-out drawings there were and changed, not which.
    /// </summary>
    public bool DrawingsHidden { get; init; }
}
