namespace MnistBlazor.Training.Optimization;

/// <summary>
/// The one-cycle policy (Smith 2018) as PyTorch's OneCycleLR defines it with cosine annealing: the rate
/// rises from peak/<see cref="DivFactor"/> to the peak over the first <see cref="WarmupFraction"/> of the
/// steps, then falls to initial/<see cref="FinalDivFactor"/>; Adam's beta1 moves the opposite way
/// between <see cref="MaxBeta1"/> and <see cref="MinBeta1"/>.
/// </summary>
public sealed class OneCycleSchedule : ILearningRateSchedule
{
    public const double WarmupFraction = 0.3;
    public const double DivFactor = 25;
    public const double FinalDivFactor = 1e4;
    public const double MinBeta1 = 0.85;
    public const double MaxBeta1 = 0.95;

    public OneCycleSchedule(double peakLearningRate, long totalSteps)
    {
        if (totalSteps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "A one-cycle schedule needs at least 2 steps.");
        }

        PeakLearningRate = peakLearningRate;
        TotalSteps = totalSteps;
        WarmupEndStep = Math.Max(1, (long)(WarmupFraction * totalSteps) - 1);
    }

    public double PeakLearningRate { get; }
    public long TotalSteps { get; }
    public long WarmupEndStep { get; }
    public double InitialLearningRate => PeakLearningRate / DivFactor;
    public double FinalLearningRate => InitialLearningRate / FinalDivFactor;

    public double LearningRateAt(long step)
    {
        var (phase, progress) = Phase(step);
        return phase == 0
            ? CosineAnneal(InitialLearningRate, PeakLearningRate, progress)
            : CosineAnneal(PeakLearningRate, FinalLearningRate, progress);
    }

    public double? Beta1At(long step)
    {
        var (phase, progress) = Phase(step);
        return phase == 0
            ? CosineAnneal(MaxBeta1, MinBeta1, progress)
            : CosineAnneal(MinBeta1, MaxBeta1, progress);
    }

    private (int Phase, double Progress) Phase(long step)
    {
        var clamped = Math.Clamp(step, 0, TotalSteps - 1);
        if (clamped <= WarmupEndStep)
        {
            return (0, (double)clamped / WarmupEndStep);
        }

        var annealSteps = Math.Max(1, TotalSteps - 1 - WarmupEndStep);
        return (1, (double)(clamped - WarmupEndStep) / annealSteps);
    }

    private static double CosineAnneal(double start, double end, double progress) =>
        end + (start - end) / 2 * (1 + Math.Cos(Math.PI * progress));
}
