using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Evidence;

/// <summary>
/// One model's answers on an image and on each of its occluded copies (<see cref="OcclusionBatch"/>):
/// enough to draw the evidence map for any digit without running the model again.
/// </summary>
public sealed class OcclusionEvidence
{
    private readonly float[] pixels;
    private readonly float[] probabilities;
    private readonly int[] patchIndexes;
    private readonly float[] occludedProbabilities;
    private readonly float[]? distanceRatios;
    private readonly EvidenceMap?[] maps = new EvidenceMap?[MnistGeometry.ClassCount];
    private EvidenceMap? likenessMap;

    /// <param name="distanceRatios">
    /// Each image's distance from the digits the model learned divided by its threshold (above 1: unlike them), the
    /// unchanged image first, then the occluded copies; null when the model has no familiarity profile.
    /// </param>
    internal OcclusionEvidence(OcclusionGrid grid, float[] pixels, int[] patchIndexes, float[] probabilities, float[] occludedProbabilities, float[]? distanceRatios)
    {
        Grid = grid;
        this.pixels = pixels;
        this.patchIndexes = patchIndexes;
        this.probabilities = probabilities;
        this.occludedProbabilities = occludedProbabilities;
        this.distanceRatios = distanceRatios;
    }

    /// <summary>
    /// The unchanged image's distance from the digits the model learned, in thresholds (above 1: unlike them); null when
    /// the model has no familiarity profile (for the ensemble: the average of its members').
    /// </summary>
    public float? DistanceRatio => distanceRatios?[0];

    /// <summary>
    /// Each ink pixel's pull towards the digits the model learned: how much farther from them the image lies, in
    /// thresholds, when a patch holding the pixel is hidden, averaged over the patches covering it. Positive: the ink
    /// made the drawing more like a learned digit; negative: it sets the drawing apart from them, as a letter's or a
    /// scribble's telling strokes do. The map's <see cref="EvidenceMap.Digit"/> is the model's answer. Null when the
    /// model has no familiarity profile.
    /// </summary>
    public EvidenceMap? LikenessMap() =>
        distanceRatios is null ? null : likenessMap ??= PerPixel(PredictedDigit, patch => distanceRatios[1 + patch] - distanceRatios[0]);

    public OcclusionGrid Grid { get; }

    /// <summary>The model's ten probabilities on the unchanged image.</summary>
    public IReadOnlyList<float> Probabilities => probabilities;

    /// <summary>The digit with the highest probability on the unchanged image (the first on ties).</summary>
    public int PredictedDigit
    {
        get
        {
            var best = 0;
            for (var digit = 1; digit < Probabilities.Count; digit++)
            {
                if (Probabilities[digit] > Probabilities[best])
                {
                    best = digit;
                }
            }

            return best;
        }
    }

    /// <summary>
    /// Each pixel's evidence for <paramref name="digit"/>: how much the digit's log-odds (ln(p / (1 - p))) drop when
    /// a patch holding the pixel is hidden, averaged over every patch that covers the pixel. Positive: the pixel pushed
    /// the model towards the digit; negative: it pushed the model away from it. Pixels without ink get 0: hiding a patch
    /// only takes its ink away, so only its ink can have mattered.
    /// </summary>
    /// <remarks>
    /// Log-odds, not the probability: a model sure of its answer keeps a probability of 0.999 or more whichever patch is
    /// hidden, so the probability's drops are all near 0 but one or two, and a map of them colours a quarter of the
    /// ink; the log-odds still tell 0.999 from 0.99999, and such a map colours most of it.
    /// </remarks>
    public EvidenceMap MapFor(int digit)
    {
        if (digit is < 0 or >= MnistGeometry.ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(digit), digit, $"A digit is 0 to {MnistGeometry.ClassCount - 1}.");
        }

        return maps[digit] ??= ComputeMap(digit);
    }

    private EvidenceMap ComputeMap(int digit)
    {
        var unchanged = LogOdds(probabilities, digit);
        return PerPixel(digit, patch => unchanged - LogOdds(occludedProbabilities.AsSpan(patch * MnistGeometry.ClassCount, MnistGeometry.ClassCount), digit));
    }

    /// <summary>A map whose ink pixels each hold the average of <paramref name="changeWhenHidden"/> over the patches covering them (by batch position).</summary>
    private EvidenceMap PerPixel(int digit, Func<int, float> changeWhenHidden)
    {
        var sums = new float[MnistGeometry.PixelCount];
        for (var i = 0; i < patchIndexes.Length; i++)
        {
            var change = changeWhenHidden(i);
            foreach (var pixel in OcclusionGrid.PixelsOf(Grid.Patches[patchIndexes[i]]))
            {
                sums[pixel] += change;
            }
        }

        var coverage = Grid.Coverage;
        for (var pixel = 0; pixel < sums.Length; pixel++)
        {
            sums[pixel] = pixels[pixel] > 0 ? sums[pixel] / coverage[pixel] : 0;
        }

        return new EvidenceMap(digit, sums);
    }

    /// <summary>
    /// The log-odds of <paramref name="digit"/> among ten probabilities: ln(p / (1 - p)), with 1 - p summed from the other
    /// nine, which keeps its precision when p rounds to 1 in single precision. Each side is at least
    /// <see cref="SmallestProbability"/>, so a probability that underflowed to 0 gives a finite value.
    /// </summary>
    private static float LogOdds(ReadOnlySpan<float> probabilities, int digit)
    {
        var others = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            others += i == digit ? 0 : probabilities[i];
        }

        return (float)(Math.Log(Math.Max(probabilities[digit], SmallestProbability)) - Math.Log(Math.Max(others, SmallestProbability)));
    }

    /// <summary>The least probability <see cref="LogOdds(ReadOnlySpan{float}, int)"/> takes: single precision's smallest normal number.</summary>
    private const double SmallestProbability = 1.1754944e-38;

    /// <summary>
    /// The soft-vote ensemble's evidence: its probabilities are the members' average on every image of
    /// the batch, and its maps are read from those as any model's are; its distance ratios are those of the members
    /// with a familiarity profile, averaged.
    /// </summary>
    public static OcclusionEvidence Average(IReadOnlyList<OcclusionEvidence> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("Averaging needs at least one model's evidence.", nameof(members));
        }

        var first = members[0];
        if (members.Any(m => m.Grid != first.Grid || !m.pixels.AsSpan().SequenceEqual(first.pixels)))
        {
            throw new ArgumentException("Only evidence measured on the same image with the same grid can be averaged.", nameof(members));
        }

        var averaged = new float[MnistGeometry.ClassCount];
        var occluded = new float[first.occludedProbabilities.Length];
        var profiled = members.Where(m => m.distanceRatios is not null).ToArray();
        var ratios = profiled.Length == 0 ? null : new float[first.patchIndexes.Length + 1];
        foreach (var member in profiled)
        {
            for (var i = 0; i < ratios!.Length; i++)
            {
                ratios[i] += member.distanceRatios![i] / profiled.Length;
            }
        }

        foreach (var member in members)
        {
            for (var i = 0; i < averaged.Length; i++)
            {
                averaged[i] += member.probabilities[i] / members.Count;
            }

            for (var i = 0; i < occluded.Length; i++)
            {
                occluded[i] += member.occludedProbabilities[i] / members.Count;
            }
        }

        return new OcclusionEvidence(first.Grid, first.pixels, first.patchIndexes, averaged, occluded, ratios);
    }
}
