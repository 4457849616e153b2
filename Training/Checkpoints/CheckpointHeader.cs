using MnistBlazor.Shared.Records;
using MnistBlazor.Training.Loop;
using MnistBlazor.Training.Recipes;

namespace MnistBlazor.Training.Checkpoints;

/// <summary>
/// Where a run stands: the epochs done, the batches done in the epoch in progress (a run stopped
/// mid-epoch resumes at the next batch of the same shuffled order) and the optimizer steps taken,
/// which is the whole state of the learning-rate schedule.
/// </summary>
public sealed record CheckpointHeader(
    string ModelId,
    RecipeSettings Recipe,
    int Seed,
    int CompletedEpochs,
    int BatchesDoneInEpoch,
    long CompletedSteps,
    EpochTally EpochInProgress,
    TrainingHistory History);
