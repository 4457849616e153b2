namespace MnistBlazor.Training.Data;

/// <summary>
/// The order in which an epoch visits the training images: a shuffle that depends only on the seed and
/// the epoch, so a resumed run visits exactly the batches the interrupted one would have.
/// </summary>
public static class BatchOrder
{
    public static int[] ForEpoch(int imageCount, int seed, int epoch)
    {
        var order = Enumerable.Range(0, imageCount).ToArray();
        // Not HashCode.Combine: its seed changes with every process, and a resumed run is a new process.
        var random = new Random(unchecked((seed * 1_000_003) ^ epoch));
        random.Shuffle(order);
        return order;
    }

    public static int BatchCount(int imageCount, int batchSize) => (imageCount + batchSize - 1) / batchSize;
}
