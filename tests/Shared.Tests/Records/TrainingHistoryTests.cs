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

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 10)]
    [InlineData(3, 7)]
    [InlineData(5, 4)]
    [InlineData(19, 2)]
    [InlineData(20, 0)]
    [InlineData(80, 0)]
    public void A_run_of_few_epochs_records_about_twenty_points_within_them_and_a_long_one_none(int epochs, int perEpoch)
    {
        Assert.Equal(perEpoch, StepRecord.PerEpoch(epochs));
    }

    [Fact]
    public void A_history_written_before_steps_were_recorded_reads_with_none()
    {
        var path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.json");
        RecordFile.Write(path, new TrainingHistory { ModelId = "nn", Recipe = "modern", Steps = [new StepRecord(0.5, 1, 0.5, 0.001)] });
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(json.Remove("steps"));
        File.WriteAllText(path, json.ToJsonString());
        try
        {
            Assert.Empty(RecordFile.Read<TrainingHistory>(path).Steps);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
