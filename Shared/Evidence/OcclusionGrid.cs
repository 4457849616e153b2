using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Evidence;

/// <summary>
/// Where the input is hidden, one square patch at a time: <see cref="PatchSide"/> pixels wide, every
/// <see cref="Stride"/> pixels across and down, the last patch flush with the image's edge, so every
/// pixel is covered.
/// </summary>
public sealed class OcclusionGrid
{
    /// <summary>
    /// 4x4 patches every 4 pixels: 7 x 7 = 49 disjoint patches. A 4-pixel patch is about a stroke's width
    /// in MNIST, so hiding one removes a piece of stroke. Overlapping patches (every 2 pixels, 169 of
    /// them) give a smoother map but cost three to four times as much: measured with the server's
    /// evidence-benchmark verb on two shared cores, 1.2 s for all models against 0.26 s
    /// (docs/benchmarks/evidence-maps.md).
    /// </summary>
    public static OcclusionGrid Default { get; } = new(4, 4);

    public OcclusionGrid(int patchSide, int stride)
    {
        if (patchSide is < 1 or > MnistGeometry.Side)
        {
            throw new ArgumentOutOfRangeException(nameof(patchSide), patchSide, $"The patch side must be 1 to {MnistGeometry.Side} pixels.");
        }

        if (stride < 1 || stride > patchSide)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be 1 to the patch side ({patchSide}) so no pixel is left uncovered.");
        }

        PatchSide = patchSide;
        Stride = stride;
        var starts = new List<int>();
        for (var start = 0; start + patchSide <= MnistGeometry.Side; start += stride)
        {
            starts.Add(start);
        }

        if (starts[^1] + patchSide < MnistGeometry.Side)
        {
            starts.Add(MnistGeometry.Side - patchSide);
        }

        Patches = [.. starts.SelectMany(y => starts.Select(x => new PixelBox(x, y, patchSide, patchSide)))];
        Coverage = new int[MnistGeometry.PixelCount];
        foreach (var patch in Patches)
        {
            foreach (var pixel in PixelsOf(patch))
            {
                Coverage[pixel]++;
            }
        }
    }

    public int PatchSide { get; }

    public int Stride { get; }

    /// <summary>Every patch, row by row.</summary>
    public IReadOnlyList<PixelBox> Patches { get; }

    /// <summary>How many patches cover each pixel (row-major).</summary>
    internal int[] Coverage { get; }

    /// <summary>The row-major indexes of a patch's pixels.</summary>
    public static IEnumerable<int> PixelsOf(PixelBox patch)
    {
        for (var y = patch.Y; y < patch.Bottom; y++)
        {
            for (var x = patch.X; x < patch.Right; x++)
            {
                yield return y * MnistGeometry.Side + x;
            }
        }
    }
}
