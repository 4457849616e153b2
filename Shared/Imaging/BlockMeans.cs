namespace MnistBlazor.Shared.Imaging;

/// <summary>An image reduced to the means of its square blocks (the last row and column of blocks may be cut short).</summary>
internal static class BlockMeans
{
    public static (float[] Means, int Columns, int Rows) Of(ReadOnlySpan<float> values, int width, int height, int block)
    {
        int columns = (width + block - 1) / block, rows = (height + block - 1) / block;
        var means = new float[columns * rows];
        var counts = new int[means.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var index = y / block * columns + x / block;
                means[index] += values[y * width + x];
                counts[index]++;
            }
        }

        for (var i = 0; i < means.Length; i++)
        {
            means[i] /= counts[i];
        }

        return (means, columns, rows);
    }
}
