using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Features;

/// <summary>
/// The derived inputs of the study (docs/architectures.md): projection distributions and quadrants.
/// This is the one definition; Training mirrors it in tensor ops and tests prove them equal.
/// Images are row-major 28x28 spans of 0..1 intensities.
/// </summary>
public static class ImageFeatures
{
    public const int ProjectionRows = 2;
    public const int ProjectionLength = MnistGeometry.Side;

    /// <summary>Quadrant order on the depth axis.</summary>
    public static readonly IReadOnlyList<string> QuadrantNames = ["top-left", "top-right", "bottom-left", "bottom-right"];

    /// <summary>
    /// Projection distributions, shape (2, 28) row-major: row 0 is the projection onto the x axis
    /// (the mean of each column), row 1 the projection onto the y axis (the mean of each row).
    /// </summary>
    public static float[] Projections(ReadOnlySpan<float> image)
    {
        RequireImage(image);
        const int side = MnistGeometry.Side;
        var result = new float[ProjectionRows * side];
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var value = image[y * side + x];
                result[x] += value;
                result[side + y] += value;
            }
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= side;
        }

        return result;
    }

    /// <summary>
    /// The four 14x14 quarters stacked on a depth axis, shape (4, 14, 14) row-major, in the order
    /// top-left, top-right, bottom-left, bottom-right.
    /// </summary>
    public static float[] Quadrants(ReadOnlySpan<float> image)
    {
        RequireImage(image);
        const int side = MnistGeometry.Side;
        const int half = MnistGeometry.QuadrantSide;
        var result = new float[MnistGeometry.QuadrantCount * half * half];
        for (var quadrant = 0; quadrant < MnistGeometry.QuadrantCount; quadrant++)
        {
            var top = quadrant / 2 * half;
            var left = quadrant % 2 * half;
            for (var y = 0; y < half; y++)
            {
                image.Slice((top + y) * side + left, half)
                    .CopyTo(result.AsSpan(quadrant * half * half + y * half, half));
            }
        }

        return result;
    }

    private static void RequireImage(ReadOnlySpan<float> image)
    {
        if (image.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException(
                $"An MNIST image has {MnistGeometry.PixelCount} pixels (28x28); got {image.Length}.", nameof(image));
        }
    }
}
