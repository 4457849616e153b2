using MnistBlazor.Shared.Models;

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
}
