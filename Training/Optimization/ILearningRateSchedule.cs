namespace MnistBlazor.Training.Optimization;

/// <summary>
/// A learning-rate schedule as a pure function of the optimizer step, so its whole state is the step
/// number (saved in the checkpoint).
/// </summary>
public interface ILearningRateSchedule
{
    double LearningRateAt(long step);

    /// <summary>The first Adam beta at this step, or null when the schedule leaves momentum alone.</summary>
    double? Beta1At(long step);
}
