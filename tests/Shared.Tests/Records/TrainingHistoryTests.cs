using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Records;

public sealed class TrainingHistoryTests
{
    private static readonly DateTimeOffset WrittenAt = new(2026, 12, 4, 5, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(RunStatus.Running, 9 * 60, false)]
    [InlineData(RunStatus.Running, 10 * 60, false)]
    [InlineData(RunStatus.Running, 10 * 60 + 1, true)]
    [InlineData(RunStatus.Completed, 24 * 3600, false)]
    [InlineData(RunStatus.Stopped, 24 * 3600, false)]
    [InlineData(RunStatus.Failed, 24 * 3600, false)]
    public void Only_a_running_history_left_unwritten_for_ten_minutes_is_abandoned(RunStatus status, int secondsLater, bool abandoned)
    {
        var history = new TrainingHistory { ModelId = "nn", Recipe = "modern", Status = status, StartedAt = WrittenAt, UpdatedAt = WrittenAt };

        Assert.Equal(abandoned, history.IsAbandoned(WrittenAt.AddSeconds(secondsLater)));
    }
}
