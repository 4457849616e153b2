namespace MnistBlazor.Shared.Imaging;

/// <summary>An image reduced to the means of its square blocks (the last row and column of blocks may be cut short).</summary>
internal static class BlockMeans
{
    public static (float[] Means, int Columns, int Rows) Of(ReadOnlySpan<float> values, int width, int height, int block) =>
        Of(values, width, new PixelBox(0, 0, width, height), block);

    /// <summary>The values inside <paramref name="box"/> of an image <paramref name="width"/> wide, reduced to the means of its blocks.</summary>
    public static (float[] Means, int Columns, int Rows) Of(ReadOnlySpan<float> values, int width, PixelBox box, int block)
    {
        int columns = (box.Width + block - 1) / block, rows = (box.Height + block - 1) / block;
        var means = new float[columns * rows];
        var counts = new int[means.Length];
        for (var y = 0; y < box.Height; y++)
        {
            var row = values.Slice((box.Y + y) * width + box.X, box.Width);
            var cells = y / block * columns;
            for (var x = 0; x < row.Length; x++)
            {
                means[cells + x / block] += row[x];
                counts[cells + x / block]++;
            }
        }

        for (var i = 0; i < means.Length; i++)
        {
            means[i] /= counts[i];
        }

        return (means, columns, rows);
    }
}
