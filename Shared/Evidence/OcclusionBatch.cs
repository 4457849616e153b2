using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Shared.Evidence;

/// <summary>
/// The images a model is run on to measure occlusion sensitivity, in one batch: the unchanged image
/// first, then one copy per patch that holds ink with that patch's pixels set to 0 (no ink). Hiding a
/// patch without ink leaves the image as it is, so those patches are left out: their change is 0.
/// </summary>
public sealed class OcclusionBatch
{
    private OcclusionBatch(OcclusionGrid grid, int[] patchIndexes, float[] images)
    {
        Grid = grid;
        PatchIndexes = patchIndexes;
        Images = images;
    }

    public OcclusionGrid Grid { get; }

    /// <summary>Which of <see cref="OcclusionGrid.Patches"/> follow the unchanged image, in batch order.</summary>
    public IReadOnlyList<int> PatchIndexes { get; }

    /// <summary><see cref="ImageCount"/> images of 784 pixels each, row-major.</summary>
    public float[] Images { get; }

    public int ImageCount => 1 + PatchIndexes.Count;

    /// <summary>The batch for one 784-pixel image (0..1, 1 = ink).</summary>
    public static OcclusionBatch For(ReadOnlySpan<float> pixels, OcclusionGrid grid)
    {
        if (pixels.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        var inked = new List<int>();
        for (var index = 0; index < grid.Patches.Count; index++)
        {
            foreach (var pixel in OcclusionGrid.PixelsOf(grid.Patches[index]))
            {
                if (pixels[pixel] > 0)
                {
                    inked.Add(index);
                    break;
                }
            }
        }

        var images = new float[(1 + inked.Count) * MnistGeometry.PixelCount];
        for (var image = 0; image <= inked.Count; image++)
        {
            pixels.CopyTo(images.AsSpan(image * MnistGeometry.PixelCount));
        }

        for (var i = 0; i < inked.Count; i++)
        {
            var offset = (1 + i) * MnistGeometry.PixelCount;
            foreach (var pixel in OcclusionGrid.PixelsOf(grid.Patches[inked[i]]))
            {
                images[offset + pixel] = 0;
            }
        }

        return new OcclusionBatch(grid, [.. inked], images);
    }

    /// <summary>
    /// The evidence from the model's ten probabilities per image of this batch, in batch order, and each image's
    /// distance from the digits the model learned when it has a familiarity profile.
    /// Throws <see cref="ArgumentException"/> when there are not ten finite values, or one familiarity, per image.
    /// </summary>
    public OcclusionEvidence Evidence(ReadOnlySpan<float> probabilities, IReadOnlyList<Familiarity>? familiarities = null)
    {
        if (familiarities is not null && familiarities.Count != ImageCount)
        {
            throw new ArgumentException($"Expected a familiarity for each of {ImageCount} images; got {familiarities.Count}.", nameof(familiarities));
        }

        if (probabilities.Length != ImageCount * MnistGeometry.ClassCount)
        {
            throw new ArgumentException(
                $"Expected {MnistGeometry.ClassCount} probabilities for each of {ImageCount} images ({ImageCount * MnistGeometry.ClassCount}); got {probabilities.Length}.",
                nameof(probabilities));
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!float.IsFinite(probabilities[i]))
            {
                throw new ArgumentException(
                    $"Probability {i % MnistGeometry.ClassCount} of image {i / MnistGeometry.ClassCount} of the batch is {probabilities[i]}; expected a finite number.",
                    nameof(probabilities));
            }
        }

        return new OcclusionEvidence(
            Grid,
            Images.AsSpan(0, MnistGeometry.PixelCount).ToArray(),
            [.. PatchIndexes],
            probabilities[..MnistGeometry.ClassCount].ToArray(),
            probabilities[MnistGeometry.ClassCount..].ToArray(),
            familiarities?.Select(f => f.Distance / f.Threshold).ToArray());
    }
}
