using MnistBlazor.Client.Drawing;

namespace MnistBlazor.Client.Tests.Drawing;

public sealed class ImagePartTests
{
    [Theory]
    [InlineData(0, 0, 1, 1, true)]
    [InlineData(0.2, 0.3, 0.5, 0.4, true)]
    [InlineData(0.5, 0.5, 0.02, 0.02, true)]
    [InlineData(0.5, 0.5, 0.01, 0.3, false)] // a slip of the pointer
    [InlineData(0.5, 0.5, 0.3, 0.019, false)]
    [InlineData(0.8, 0.1, 0.3, 0.3, false)] // past the right edge
    [InlineData(-0.1, 0.1, 0.3, 0.3, false)]
    [InlineData(double.NaN, 0.1, 0.3, 0.3, false)]
    public void A_part_is_usable_inside_the_image_and_no_smaller_than_a_fiftieth_of_a_side(double x, double y, double width, double height, bool usable) =>
        Assert.Equal(usable, new ImagePart(x, y, width, height).IsUsable);
}
