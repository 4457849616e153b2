using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Evidence;

/// <summary>
/// A classifier whose evidence is known by construction: the logit of <see cref="Digit"/> grows with
/// the ink inside <see cref="Towards"/> and shrinks with the ink inside <see cref="Against"/>, by
/// <see cref="Weight"/> per unit of ink; every other pixel is ignored and the other digits' logits are 0.
/// </summary>
public sealed record RegionClassifier(int Digit, PixelBox Towards, PixelBox? Against, double Weight = 0.2)
{
    /// <summary>Ten softmax probabilities for each 784-pixel image of <paramref name="images"/>.</summary>
    public float[] Run(float[] images)
    {
        var count = images.Length / MnistGeometry.PixelCount;
        var probabilities = new float[count * MnistGeometry.ClassCount];
        for (var image = 0; image < count; image++)
        {
            var pixels = images.AsSpan(image * MnistGeometry.PixelCount, MnistGeometry.PixelCount);
            var logit = Weight * Ink(pixels, Towards) - (Against is { } against ? Weight * Ink(pixels, against) : 0);
            var others = MnistGeometry.ClassCount - 1;
            var total = Math.Exp(logit) + others;
            for (var digit = 0; digit < MnistGeometry.ClassCount; digit++)
            {
                probabilities[image * MnistGeometry.ClassCount + digit] = (float)((digit == Digit ? Math.Exp(logit) : 1) / total);
            }
        }

        return probabilities;
    }

    public static bool Contains(PixelBox box, int pixel) =>
        pixel % MnistGeometry.Side >= box.X && pixel % MnistGeometry.Side < box.Right
        && pixel / MnistGeometry.Side >= box.Y && pixel / MnistGeometry.Side < box.Bottom;

    private static double Ink(ReadOnlySpan<float> pixels, PixelBox box)
    {
        var sum = 0.0;
        for (var pixel = 0; pixel < pixels.Length; pixel++)
        {
            sum += Contains(box, pixel) ? pixels[pixel] : 0;
        }

        return sum;
    }
}
