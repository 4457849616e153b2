namespace MnistBlazor.Training.Optimization;

public sealed class ConstantSchedule(double learningRate) : ILearningRateSchedule
{
    public double LearningRateAt(long step) => learningRate;

    public double? Beta1At(long step) => null;
}
