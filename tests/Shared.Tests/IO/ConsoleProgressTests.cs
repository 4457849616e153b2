using Microsoft.Extensions.Time.Testing;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Tests.IO;

public sealed class ConsoleProgressTests
{
    private readonly FakeTimeProvider time = new();
    private readonly StringWriter writer = new();

    [Fact]
    public void Into_a_file_a_plain_line_is_written_at_most_every_ten_seconds_and_a_last_one_at_the_end()
    {
        using (var progress = new ConsoleProgress(writer, inPlace: false, "simple-cnn on mnist-test", 100, "images", time))
        {
            time.Advance(TimeSpan.FromSeconds(4));
            progress.Advance(10);
            Assert.Equal("", writer.ToString());

            time.Advance(TimeSpan.FromSeconds(6));
            progress.Advance(15);
            time.Advance(TimeSpan.FromSeconds(9));
            progress.Advance(25);
            time.Advance(TimeSpan.FromSeconds(1));
            progress.Advance(50);
        }

        Assert.Equal(
            [
                "simple-cnn on mnist-test 25% 25/100 images, 2.5 images/s, ETA 00:30",
                "simple-cnn on mnist-test 100% 100/100 images, 5.0 images/s, ETA 00:00",
                "simple-cnn on mnist-test: 100/100 images in 00:20, 5.0 images/s",
            ],
            Lines());
    }

    [Fact]
    public void On_a_terminal_one_line_with_a_bar_is_redrawn_in_place_over_the_longer_line_before()
    {
        var progress = new ConsoleProgress(writer, inPlace: true, "pairs", 1000, "pairs", time);
        time.Advance(TimeSpan.FromSeconds(100));
        progress.Advance(500);
        time.Advance(TimeSpan.FromSeconds(100));
        progress.Advance(500);
        progress.Dispose();
        progress.Dispose();

        var drawn = writer.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, drawn.Length);
        Assert.Equal($"pairs [{new string('█', 12)}{new string('░', 12)}] 50% 500/1000 pairs, 5.0 pairs/s, ETA 01:40", drawn[0]);
        Assert.StartsWith("pairs [████████████████████████] 100% 1000/1000 pairs, 5.0 pairs/s, ETA 00:00", drawn[1]);
        var last = "pairs: 1000/1000 pairs in 03:20, 5.0 pairs/s";
        Assert.Equal(last.PadRight(drawn[1].TrimEnd().Length) + Environment.NewLine, drawn[2]);
    }

    [Fact]
    public void Redrawing_in_place_waits_a_quarter_of_a_second_between_lines()
    {
        using var progress = new ConsoleProgress(writer, inPlace: true, "digits", 10, "digits", time);
        time.Advance(TimeSpan.FromMilliseconds(100));
        progress.Advance();
        Assert.Equal("", writer.ToString());

        time.Advance(TimeSpan.FromMilliseconds(150));
        progress.Advance();
        Assert.Contains("20% 2/10 digits", writer.ToString());
    }

    [Fact]
    public void The_count_stops_at_the_total_and_nothing_is_written_after_the_end()
    {
        var progress = new ConsoleProgress(writer, inPlace: false, "digits", 3, "digits", time);
        time.Advance(TimeSpan.FromSeconds(10));
        progress.Advance(5);
        progress.Dispose();
        progress.Advance();

        Assert.Equal(["digits 100% 3/3 digits, 0.3 digits/s, ETA 00:00", "digits: 3/3 digits in 00:10, 0.3 digits/s"], Lines());
    }

    [Theory]
    [InlineData(0.0, "00:00")]
    [InlineData(61.4, "01:01")]
    [InlineData(3599.6, "1:00:00")]
    [InlineData(3725.0, "1:02:05")]
    [InlineData(double.NaN, "--:--")]
    [InlineData(double.PositiveInfinity, "--:--")]
    public void Durations_read_as_minutes_and_seconds_and_hours_from_the_first(double seconds, string expected) =>
        Assert.Equal(expected, ConsoleProgress.Duration(seconds));

    [Fact]
    public void Before_anything_is_done_the_time_left_is_not_known()
    {
        Assert.Equal("x 0% 0/10 images, 0.0 images/s, ETA --:--", ConsoleProgress.Describe("x", 0, 10, "images", TimeSpan.FromSeconds(3), withBar: false));
        Assert.Equal("--:--", ConsoleProgress.Duration(null));
    }

    private string[] Lines() => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
