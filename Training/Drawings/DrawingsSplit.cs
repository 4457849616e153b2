using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Training.Drawings;

/// <summary>The saved drawings divided into the ones fine-tuning learns from and the ones held out to measure it.</summary>
public sealed record DrawingsSplit(LabeledImages Training, LabeledImages HeldOut, IReadOnlyList<long> HeldOutIds)
{
    /// <summary>
    /// Holds out about <paramref name="fraction"/> of the drawings (at least one, and at least one is left to learn from).
    /// Each drawing's side follows from its id and the seed alone, so saving more drawings never moves one across: a
    /// drawing held out once is held out from every later fine-tune with the same seed, and the held-out measure of a
    /// fine-tune that starts from an earlier one stays on drawings neither has learned from.
    /// </summary>
    public static DrawingsSplit Create(LabeledImages drawings, IReadOnlyList<long> ids, double fraction, int seed)
    {
        if (drawings.Count < FineTuneReport.MinimumDrawings)
        {
            throw new UsageException($"Fine-tuning needs at least {FineTuneReport.MinimumDrawings} saved drawings (one to learn from, one held out); there are {drawings.Count}.");
        }

        var draws = ids.Select(id => Draw(id, seed)).ToArray();
        var heldOut = Enumerable.Range(0, drawings.Count).Where(i => draws[i] < fraction).ToList();
        if (heldOut.Count == 0)
        {
            heldOut.Add(Array.IndexOf(draws, draws.Min()));
        }
        else if (heldOut.Count == drawings.Count)
        {
            heldOut.Remove(Array.IndexOf(draws, draws.Max()));
        }

        var training = Enumerable.Range(0, drawings.Count).Except(heldOut).ToArray();
        var heldOutIndices = heldOut.Order().ToArray();
        return new DrawingsSplit(drawings.Select(training), drawings.Select(heldOutIndices), heldOutIndices.Select(i => ids[i]).ToArray());
    }

    /// <summary>A number in [0, 1) that depends only on the drawing's id and the seed (SplitMix64's finaliser: stable across runs and machines).</summary>
    private static double Draw(long id, int seed)
    {
        var x = unchecked((ulong)id * 0x9E3779B97F4A7C15UL + (ulong)seed);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
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
