using MnistBlazor.Training.Optimization;

namespace MnistBlazor.Training.Tests.Optimization;

public sealed class OneCycleScheduleTests
{
    [Fact]
    public void Rate_rises_from_peak_over_25_to_the_peak_at_30_percent_then_falls_to_peak_over_250000()
    {
        var schedule = new OneCycleSchedule(peakLearningRate: 2e-3, totalSteps: 1000);
        var rates = Enumerable.Range(0, 1000).Select(step => schedule.LearningRateAt(step)).ToArray();
        var peakStep = Array.IndexOf(rates, rates.Max());

        Assert.Equal(2e-3 / 25, rates[0], 12);
        Assert.Equal(2e-3, rates.Max(), 12);
        Assert.InRange(peakStep, 295, 300);
        Assert.Equal(2e-3 / 25 / 1e4, rates[^1], 12);
        for (var step = 1; step <= peakStep; step++)
        {
            Assert.True(rates[step] >= rates[step - 1], $"rising at {step}");
        }

        for (var step = peakStep + 1; step < rates.Length; step++)
        {
            Assert.True(rates[step] <= rates[step - 1], $"falling at {step}");
        }

        // Cosine annealing: half-way through the fall the rate is half-way between peak and final.
        var middle = (peakStep + 999) / 2;
        Assert.Equal((2e-3 + 2e-3 / 25 / 1e4) / 2, rates[middle], 5);
    }

    [Fact]
    public void Beta1_moves_opposite_to_the_rate()
    {
        var schedule = new OneCycleSchedule(1e-3, 100);

        Assert.Equal(OneCycleSchedule.MaxBeta1, schedule.Beta1At(0)!.Value, 12);
        Assert.Equal(OneCycleSchedule.MinBeta1, schedule.Beta1At(schedule.WarmupEndStep)!.Value, 12);
        Assert.Equal(OneCycleSchedule.MaxBeta1, schedule.Beta1At(99)!.Value, 12);
    }

    [Fact]
    public void Constant_schedule_keeps_the_rate_and_leaves_momentum_alone()
    {
        var schedule = new ConstantSchedule(0.001);

        Assert.Equal(0.001, schedule.LearningRateAt(0));
        Assert.Equal(0.001, schedule.LearningRateAt(123456));
        Assert.Null(schedule.Beta1At(5));
    }
}
