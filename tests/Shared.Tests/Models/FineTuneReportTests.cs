using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class FineTuneReportTests
{
    [Fact]
    public void A_fine_tune_that_reads_the_held_out_drawings_as_well_and_keeps_mnist_within_a_tenth_of_a_point_is_not_worse()
    {
        Assert.Null(FineTuneReport.WhyWorse(mnistBefore: 0.9950, mnistAfter: 0.9940, heldOutBefore: 0.75, heldOutAfter: 0.75));
        Assert.Null(FineTuneReport.WhyWorse(mnistBefore: 0.9950, mnistAfter: 0.9960, heldOutBefore: 0.75, heldOutAfter: 1.0));
    }

    [Fact]
    public void Fewer_held_out_drawings_read_right_is_worse_whatever_mnist_says()
    {
        var why = FineTuneReport.WhyWorse(mnistBefore: 0.99, mnistAfter: 0.995, heldOutBefore: 0.8, heldOutAfter: 0.75);

        Assert.Equal("it reads fewer held-out drawings right (80.0 % before, 75.0 % after)", why);
    }

    [Fact]
    public void Mnist_falling_by_more_than_a_tenth_of_a_point_is_worse_even_when_the_drawings_gain()
    {
        var why = FineTuneReport.WhyWorse(mnistBefore: 0.9950, mnistAfter: 0.9935, heldOutBefore: 0.5, heldOutAfter: 1.0);

        Assert.Equal("its MNIST test accuracy fell by more than 0.1 point (99.50 % before, 99.35 % after)", why);
    }

    [Fact]
    public void The_held_out_drawings_a_fine_tune_changed_are_those_misread_on_one_side_only()
    {
        var report = new FineTuneReport
        {
            ModelId = "nn", Version = "finetune-20261206-180000", StartedFrom = "original", HeldOutDrawingIds = [11, 12, 13, 14, 15],
            MisreadBefore = [new(11, 6, 5), new(12, 0, 8), new(13, 9, 3)],
            MisreadAfter = [new(13, 9, 5), new(15, 1, 7)],
        };

        var changes = report.Changes()!;

        Assert.Equal([new HeldOutMisreading(11, 6, 5), new HeldOutMisreading(12, 0, 8)], changes.NowRight);
        Assert.Equal([new HeldOutMisreading(15, 1, 7)], changes.NowMisread); // 13 is misread on both sides: not a change
        Assert.Equal(2, changes.MisreadAfter);
        Assert.True(changes.Any);
        Assert.Null((report with { MisreadBefore = null }).Changes()); // a report from before they were recorded
        Assert.False((report with { MisreadBefore = [], MisreadAfter = [] }).Changes()!.Any);
    }

    [Fact]
    public void Without_the_drawings_a_report_keeps_how_many_were_held_out_and_changed_but_not_which_or_what_they_show()
    {
        var report = new FineTuneReport
        {
            ModelId = "nn", Version = "finetune-20261206-180000", StartedFrom = "original", HeldOutDrawingIds = [11, 12, 13, 14, 15],
            MisreadBefore = [new(11, 6, 5), new(12, 0, 8), new(13, 9, 3)],
            MisreadAfter = [new(13, 9, 5), new(15, 1, 7)],
            HeldOutBefore = 0.4, HeldOutAfter = 0.6,
        };

        var hidden = report.WithoutDrawings();

        Assert.Equal([1L, 2, 3, 4, 5], hidden.HeldOutDrawingIds);
        Assert.All([.. hidden.MisreadBefore!, .. hidden.MisreadAfter!], m =>
        {
            Assert.Equal(HeldOutMisreading.Hidden, m.Label);
            Assert.Equal(HeldOutMisreading.Hidden, m.Read);
        });
        var changes = hidden.Changes()!;
        Assert.Equal(2, changes.NowRight.Count);
        Assert.Single(changes.NowMisread);
        Assert.Equal(2, changes.MisreadAfter);
        Assert.Equal((0.4, 0.6), (hidden.HeldOutBefore, hidden.HeldOutAfter));
        Assert.Null((report with { MisreadBefore = null, MisreadAfter = null }).WithoutDrawings().Changes());
    }

    [Fact]
    public void Misreadings_name_the_held_out_drawing_by_its_place_in_the_held_out_set()
    {
        var metrics = TestMetrics.Compute("nn", "my-drawings-heldout", [3, 7], [
            .. Enumerable.Repeat(0f, 10).Select((_, i) => i == 3 ? 1f : 0f),
            .. Enumerable.Repeat(0f, 10).Select((_, i) => i == 1 ? 1f : 0f)], DateTimeOffset.UnixEpoch);

        Assert.Equal([new HeldOutMisreading(42, 7, 1)], HeldOutMisreading.From(metrics, [41, 42]));
    }
}
