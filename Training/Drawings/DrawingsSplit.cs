using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Training.Drawings;

/// <summary>The saved drawings divided into the ones fine-tuning learns from and the ones held out to measure it.</summary>
public sealed record DrawingsSplit(LabeledImages Training, LabeledImages HeldOut, IReadOnlyList<long> HeldOutIds)
{
    /// <summary>
    /// Holds out <paramref name="fraction"/> of the drawings (at least one, and at least one is left to
    /// learn from), chosen by a seeded shuffle so the same seed holds out the same drawings.
    /// </summary>
    public static DrawingsSplit Create(LabeledImages drawings, IReadOnlyList<long> ids, double fraction, int seed)
    {
        if (drawings.Count < 2)
        {
            throw new UsageException($"Fine-tuning needs at least 2 saved drawings (one to learn from, one held out); there are {drawings.Count}.");
        }

        var heldOutCount = Math.Clamp((int)Math.Ceiling(drawings.Count * fraction), 1, drawings.Count - 1);
        var order = Enumerable.Range(0, drawings.Count).ToArray();
        new Random(seed).Shuffle(order);
        var heldOut = order.Take(heldOutCount).Order().ToArray();
        var training = order.Skip(heldOutCount).Order().ToArray();
        return new DrawingsSplit(drawings.Select(training), drawings.Select(heldOut), heldOut.Select(i => ids[i]).ToArray());
    }

    /// <summary>MNIST images followed by the training drawings repeated <paramref name="copies"/> times.</summary>
    public LabeledImages Oversampled(LabeledImages mnist, int copies)
    {
        var pixels = new byte[(mnist.Count + Training.Count * copies) * MnistGeometry.PixelCount];
        var labels = new byte[mnist.Count + Training.Count * copies];
        mnist.Pixels.CopyTo(pixels, 0);
        mnist.Labels!.CopyTo(labels, 0);
        for (var copy = 0; copy < copies; copy++)
        {
            var at = mnist.Count + copy * Training.Count;
            Training.Pixels.CopyTo(pixels, at * MnistGeometry.PixelCount);
            Training.Labels!.CopyTo(labels, at);
        }

        return new LabeledImages(pixels, labels);
    }
}
