using System.Diagnostics;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Training.Benchmarking;

/// <summary>
/// Times the Shared data formats on the real MNIST files: IDX loading, checksum verification and
/// Kaggle-sized CSV files (28,000-row test.csv, 42,000-row train.csv) built from MNIST digits.
/// </summary>
public static class DataFormatBenchmark
{
    public sealed record Timing(string Operation, double MedianMilliseconds, double WorstMilliseconds);

    public static IReadOnlyList<Timing> Run(string dataDirectory, int repetitions)
    {
        var scratch = Directory.CreateTempSubdirectory("mnistblazor-data-benchmark-").FullName;
        try
        {
            var train = MnistDataset.Load(dataDirectory, MnistSplit.Train);
            var kaggleTest = Repeat(MnistDataset.Load(dataDirectory, MnistSplit.Test), 28_000, labeled: false);
            var kaggleTrain = train.Slice(0, 42_000);
            var testCsv = Path.Combine(scratch, "test.csv");
            var trainCsv = Path.Combine(scratch, "train.csv");
            var submission = Path.Combine(scratch, "submission.csv");
            var predictions = Enumerable.Range(0, 28_000).Select(i => i % 10).ToArray();

            return
            [
                Time("load MNIST train (60,000 images, IDX)", repetitions, () => MnistDataset.Load(dataDirectory, MnistSplit.Train)),
                Time("verify SHA-256 of the 4 MNIST files", repetitions, () => MnistDataset.Verify(dataDirectory)),
                Time("write test.csv (28,000 rows)", repetitions, () => KaggleCsv.WriteTest(testCsv, kaggleTest)),
                Time("read test.csv (28,000 rows)", repetitions, () => KaggleCsv.ReadTest(testCsv)),
                Time("write train.csv (42,000 rows)", repetitions, () => KaggleCsv.WriteTrain(trainCsv, kaggleTrain)),
                Time("read train.csv (42,000 rows)", repetitions, () => KaggleCsv.ReadTrain(trainCsv)),
                Time("write submission.csv (28,000 rows)", repetitions, () => KaggleCsv.WriteSubmission(submission, predictions)),
                Time("read submission.csv (28,000 rows)", repetitions, () => KaggleCsv.ReadSubmission(submission)),
            ];
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static LabeledImages Repeat(LabeledImages source, int count, bool labeled)
    {
        var pixels = new byte[count * MnistGeometry.PixelCount];
        for (var offset = 0; offset < pixels.Length; offset += source.Pixels.Length)
        {
            source.Pixels.AsSpan(0, Math.Min(source.Pixels.Length, pixels.Length - offset)).CopyTo(pixels.AsSpan(offset));
        }

        return new LabeledImages(pixels, labeled ? Enumerable.Range(0, count).Select(i => source.Labels![i % source.Count]).ToArray() : null);
    }

    private static Timing Time(string operation, int repetitions, Action action)
    {
        action();
        var milliseconds = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            milliseconds[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return new Timing(operation, milliseconds[repetitions / 2], milliseconds[^1]);
    }
}
