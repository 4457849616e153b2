namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// How wide a 28x28 digit's strokes are: twice the inked area over the ink's perimeter (pixels at or
/// above half ink, perimeter counted in pixel edges), which for a long stroke of width w is close to w.
/// Used to compare drawn input with MNIST's scanned strokes.
/// </summary>
public static class StrokeWidth
{
    public static double Estimate(ReadOnlySpan<byte> image)
    {
        const int side = MnistGeometry.Side;
        if (image.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"An image has {MnistGeometry.PixelCount} pixels; got {image.Length}.", nameof(image));
        }

        int area = 0, perimeter = 0;
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                if (!Inked(image, x, y))
                {
                    continue;
                }

                area++;
                perimeter += (Inked(image, x - 1, y) ? 0 : 1) + (Inked(image, x + 1, y) ? 0 : 1)
                    + (Inked(image, x, y - 1) ? 0 : 1) + (Inked(image, x, y + 1) ? 0 : 1);
            }
        }

        return perimeter == 0 ? 0 : 2.0 * area / perimeter;
    }

    /// <summary>The median estimate over a set of images (0 for none).</summary>
    public static double Median(Data.LabeledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var widths = Enumerable.Range(0, images.Count).Select(i => Estimate(images.ImageBytes(i))).Order().ToArray();
        return widths.Length == 0 ? 0 : widths[widths.Length / 2];
    }

    private static bool Inked(ReadOnlySpan<byte> image, int x, int y) =>
        x >= 0 && y >= 0 && x < MnistGeometry.Side && y < MnistGeometry.Side && image[y * MnistGeometry.Side + x] >= 128;
}
