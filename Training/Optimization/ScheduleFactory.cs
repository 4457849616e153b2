using MnistBlazor.Training.Recipes;

namespace MnistBlazor.Training.Optimization;

public static class ScheduleFactory
{
    public static ILearningRateSchedule Create(ScheduleKind kind, double learningRate, long totalSteps) => kind switch
    {
        ScheduleKind.Constant => new ConstantSchedule(learningRate),
        ScheduleKind.OneCycle => new OneCycleSchedule(learningRate, Math.Max(2, totalSteps)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown schedule."),
    };
}
