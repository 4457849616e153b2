using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Evidence;

/// <summary>
/// A signed 28x28 map of one model's evidence for one digit, row-major: each value is the drop in the
/// digit's log-odds when the pixel is hidden (positive: the pixel pushed towards the digit; negative:
/// against it; <see cref="OcclusionEvidence.MapFor"/>).
/// </summary>
public sealed class EvidenceMap
{
    private readonly float[] values;

    public EvidenceMap(int digit, float[] values)
    {
        if (values.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} values; got {values.Length}.", nameof(values));
        }

        Digit = digit;
        this.values = values;
        LargestChange = values.Max(v => Math.Abs(v));
    }

    public int Digit { get; }

    /// <summary>The log-odds changes, 784 of them.</summary>
    public IReadOnlyList<float> Values => values;

    /// <summary>The largest change in either direction (0 when hiding nothing changed the log-odds).</summary>
    public float LargestChange { get; }

    /// <summary>Each value divided by <see cref="LargestChange"/>: -1..1, all 0 when nothing changed.</summary>
    public float[] Normalized() =>
        LargestChange > 0 ? [.. values.Select(v => v / LargestChange)] : new float[values.Length];
}
