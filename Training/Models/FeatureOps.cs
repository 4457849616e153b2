using MnistBlazor.Shared.Imaging;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Models;

/// <summary>
/// The study's derived inputs as tensor operations inside the networks (the same definitions as
/// <see cref="MnistBlazor.Shared.Features.ImageFeatures"/>; tests prove them equal). The ONNX
/// exporter uses the same axes, shapes and permutation.
/// </summary>
public static class FeatureOps
{
    /// <summary>Averaging over the image rows (axis 2 of [N,1,28,28]) gives the column means: the x projection.</summary>
    public const long ColumnMeanAxis = 2;

    /// <summary>Averaging over the image columns (axis 3) gives the row means: the y projection.</summary>
    public const long RowMeanAxis = 3;

    private const int Half = MnistGeometry.QuadrantSide;

    /// <summary>[N,1,28,28] viewed as [N, half row, 14, half column, 14].</summary>
    public static readonly long[] QuadrantSplitShape = [-1, 2, Half, 2, Half];

    /// <summary>Brings the two half indices together: [N, half row, half column, 14, 14]; quadrant = 2 * row + column.</summary>
    public static readonly long[] QuadrantPermutation = [0, 1, 3, 2, 4];

    /// <summary>One-channel volume for Conv3d: [N, 1, 4, 14, 14] (depth order TL, TR, BL, BR).</summary>
    public static readonly long[] QuadrantVolumeShape = [-1, 1, MnistGeometry.QuadrantCount, Half, Half];

    /// <summary>[N,1,28,28] -> [N,2,28]: row 0 the column means, row 1 the row means.</summary>
    public static Tensor Projections(Tensor images)
    {
        ModelInput.Require(images);
        using var columnMeans = images.mean([ColumnMeanAxis]);
        using var rowMeans = images.mean([RowMeanAxis]);
        return cat([columnMeans, rowMeans], 1);
    }

    /// <summary>[N,1,28,28] -> [N,1,4,14,14]: the four quarters stacked on a depth axis.</summary>
    public static Tensor Quadrants(Tensor images)
    {
        ModelInput.Require(images);
        using var split = images.reshape(QuadrantSplitShape);
        using var grouped = split.permute(QuadrantPermutation);
        return grouped.reshape(QuadrantVolumeShape);
    }
}
