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
        var random = new Random(HashCode.Combine(seed, epoch, 0x5EED));
        random.Shuffle(order);
        return order;
    }

    public static int BatchCount(int imageCount, int batchSize) => (imageCount + batchSize - 1) / batchSize;
}
