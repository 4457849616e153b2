namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Gives the strokes of an image of a digit MNIST's width before it is fitted to 20 px. A digit written with a fine
/// pen on a large page (a ballpoint on paper: strokes 1-2 % of the digit's height) would otherwise come out a
/// fraction of a pixel wide and faint; MNIST's strokes are about 2 px of its 20 (<see cref="MnistStrokeShare"/>),
/// and drawn strokes are redrawn that wide already (<see cref="DigitPreprocessor.NormalizedPenWidth"/>). The
/// stroke width is measured as twice the inked area over the ink's perimeter (pixels above half ink), the same
/// measure as MNIST's; strokes thinner than any of MNIST's (<see cref="MinStrokeShare"/>) are widened to its median
/// by a square maximum filter.
/// Large crops are first reduced by taking the maximum of each block (a thin stroke stays full ink), so the work
/// stays bounded by <see cref="MaxWorkingSide"/>.
/// </summary>
public static class StrokeThickening
{
    /// <summary>MNIST's stroke width as a share of the fitted digit's longer side: 2 px of 20 (the median).</summary>
    public const float MnistStrokeShare = 0.1f;

    /// <summary>
    /// Strokes thinner than this share of the digit's longer side are widened: below every one of MNIST's 10,000
    /// test digits (their thinnest: 0.035; 1 in 1,000 below 0.044), so no MNIST-like image is touched.
    /// </summary>
    public const float MinStrokeShare = 0.03f;

    /// <summary>The longest side the widening works on; larger crops are reduced by whole blocks first.</summary>
    public const int MaxWorkingSide = 512;

    /// <summary>The ink's bounding box and the image it is in after widening, or null when the strokes are wide enough.</summary>
    /// <param name="Block">Source pixels per working pixel along each axis.</param>
    /// <param name="OffsetX">Where the working image's left edge is in the source, in source pixels.</param>
    public sealed record Widened(GrayImage Image, int Block, int OffsetX, int OffsetY);

    /// <summary>The stroke width of the ink inside <paramref name="bounds"/>, in pixels; null when nothing is above half ink.</summary>
    public static float? StrokeWidth(GrayImage image, PixelBox bounds)
    {
        long area = 0, perimeter = 0;
        var ink = image.Ink;
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            for (var x = bounds.X; x < bounds.Right; x++)
            {
                if (ink[y * image.Width + x] <= 0.5f)
                {
                    continue;
                }

                area++;
                perimeter += Outside(image, x - 1, y) + Outside(image, x + 1, y) + Outside(image, x, y - 1) + Outside(image, x, y + 1);
            }
        }

        return area == 0 || perimeter == 0 ? null : 2f * area / perimeter;
    }

    private static int Outside(GrayImage image, int x, int y) =>
        x < 0 || y < 0 || x >= image.Width || y >= image.Height || image.Ink[y * image.Width + x] <= 0.5f ? 1 : 0;

    public static Widened? Widen(GrayImage image, PixelBox bounds)
    {
        if (StrokeWidth(image, bounds) is not { } width)
        {
            return null;
        }

        if (width >= MinStrokeShare * bounds.LongerSide)
        {
            return null;
        }

        var radius = (MnistStrokeShare * bounds.LongerSide - width) / 2f;
        if (radius < 1f)
        {
            return null;
        }

        var block = Math.Max(1, (bounds.LongerSide + MaxWorkingSide - 1) / MaxWorkingSide);
        var workingRadius = Math.Max(1, (int)MathF.Round(radius / block));
        var margin = workingRadius + 1;
        var columns = (bounds.Width + block - 1) / block + 2 * margin;
        var rows = (bounds.Height + block - 1) / block + 2 * margin;
        var working = new float[columns * rows];
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var row = (y - bounds.Y) / block + margin;
            for (var x = bounds.X; x < bounds.Right; x++)
            {
                var index = row * columns + (x - bounds.X) / block + margin;
                working[index] = Math.Max(working[index], image.Ink[y * image.Width + x]);
            }
        }

        SquareWindow.Apply(working, columns, rows, workingRadius, SquareWindow.Statistic.Max);
        return new Widened(GrayImage.Trusted(working, columns, rows), block, bounds.X - margin * block, bounds.Y - margin * block);
    }
}
