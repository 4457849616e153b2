using static TorchSharp.torch.optim;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Optimization;

/// <summary>An optimizer driven by a schedule: before each step, the schedule sets the rate (and beta1).</summary>
public sealed class ScheduledOptimizer(OptimizerHelper optimizer, ILearningRateSchedule schedule, long completedSteps = 0) : IDisposable
{
    public OptimizerHelper Optimizer { get; } = optimizer;
    public ILearningRateSchedule Schedule { get; } = schedule;
    public long CompletedSteps { get; private set; } = completedSteps;

    public double CurrentLearningRate => Schedule.LearningRateAt(CompletedSteps);

    public void Step()
    {
        ApplySchedule(CompletedSteps);
        Optimizer.step();
        CompletedSteps++;
    }

    /// <summary>Continues the schedule where a checkpoint left it.</summary>
    public void RestoreCompletedSteps(long steps) => CompletedSteps = steps;

    public void ZeroGrad() => Optimizer.zero_grad();

    private void ApplySchedule(long step)
    {
        var learningRate = Schedule.LearningRateAt(step);
        foreach (var group in Optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        if (Schedule.Beta1At(step) is { } beta1 && Optimizer is IBetas betas)
        {
            betas.Betas = (beta1, betas.Betas.Item2);
        }
    }

    public void Dispose() => Optimizer.Dispose();
}
