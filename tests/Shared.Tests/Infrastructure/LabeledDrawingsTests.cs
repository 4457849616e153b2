using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.Shared.Tests.Infrastructure;

public sealed class LabeledDrawingsTests
{
    [Fact]
    public void Without_leaves_out_the_named_drawings_and_keeps_the_others_in_order_with_their_images()
    {
        var pixels = new byte[3 * MnistGeometry.PixelCount];
        for (var image = 0; image < 3; image++)
        {
            pixels.AsSpan(image * MnistGeometry.PixelCount, MnistGeometry.PixelCount).Fill((byte)(10 * (image + 1)));
        }

        var drawings = new LabeledDrawings([4L, 9L, 12L], new LabeledImages(pixels, [1, 2, 3]));

        var kept = drawings.Without(new HashSet<long> { 9L });

        Assert.Equal([4L, 12L], kept.Ids);
        Assert.Equal([1, 3], kept.Images.Labels!.Select(l => (int)l));
        Assert.All(kept.Images.ImageBytes(1).ToArray(), value => Assert.Equal(30, value));
        Assert.Same(drawings, drawings.Without(new HashSet<long> { 5L }));
    }
}
