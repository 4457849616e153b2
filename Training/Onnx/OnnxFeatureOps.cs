using MnistBlazor.Training.Models;

namespace MnistBlazor.Training.Onnx;

/// <summary>The graph form of <see cref="FeatureOps"/>, built from the same axes, shapes and permutation.</summary>
public static class OnnxFeatureOps
{
    /// <summary>[N,1,28,28] -> [N,2,28]: column means, then row means.</summary>
    public static OnnxValue Projections(OnnxGraphBuilder builder, OnnxValue images)
    {
        var columnMeans = builder.ReduceMean("features.column_means", images, FeatureOps.ColumnMeanAxis);
        var rowMeans = builder.ReduceMean("features.row_means", images, FeatureOps.RowMeanAxis);
        return builder.Concat("features.projections", 1, columnMeans, rowMeans);
    }

    /// <summary>[N,1,28,28] -> [N,1,4,14,14]: the four quarters stacked on a depth axis.</summary>
    public static OnnxValue Quadrants(OnnxGraphBuilder builder, OnnxValue images)
    {
        var split = builder.Reshape("features.quadrant_split", images, FeatureOps.QuadrantSplitShape);
        var grouped = builder.Transpose("features.quadrant_group", split, FeatureOps.QuadrantPermutation);
        return builder.Reshape("features.quadrants", grouped, FeatureOps.QuadrantVolumeShape);
    }
}
