namespace MnistBlazor.Training.Loop;

/// <summary>Running sums of an epoch: enough to report its mean loss, accuracy and speed, and to resume it.</summary>
public sealed record EpochTally(double LossSum, long Correct, long Seen, double Seconds)
{
    public static EpochTally Empty { get; } = new(0, 0, 0, 0);

    public double MeanLoss => Seen == 0 ? 0 : LossSum / Seen;
    public double Accuracy => Seen == 0 ? 0 : (double)Correct / Seen;
    public double ImagesPerSecond => Seconds <= 0 ? 0 : Seen / Seconds;

    public EpochTally Add(double meanBatchLoss, long correct, long count, double seconds) =>
        new(LossSum + meanBatchLoss * count, Correct + correct, Seen + count, Seconds + seconds);
}
