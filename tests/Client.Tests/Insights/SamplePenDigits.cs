using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.Tests.Insights;

/// <summary>
/// A few pen digits in tablet units (y pointing up, as tablets record it), rendered through the real
/// preprocessing: digit i is labelled i % 10 (a "1" as a vertical line, the others as a tilted hook),
/// written by writer 1 + i % 3.
/// </summary>
public static class SamplePenDigits
{
    public const string FileName = "pens.tes";

    public static IReadOnlyList<PenDigit> Digits(int count = 24) =>
        Enumerable.Range(0, count).Select(i => new PenDigit(i, i % 10, 1 + i % 3, $"{i}-{i + 1}", 6 + 20 * i, Strokes(i % 10))).ToArray();

    public static PenDigitsSnapshot Snapshot(int count = 24)
    {
        var set = PenDigitSet.FromDigits(FileName, Digits(count));
        return PenDigitsSnapshot.Ready(set, set.Render());
    }

    /// <summary>Metrics on <see cref="Digits"/> that are right except for the given (index, predicted) pairs.</summary>
    public static TestMetrics Metrics(string modelId, int count = 24, params (int Index, int Predicted)[] mistakes)
    {
        var labels = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        var probabilities = new float[count * MnistGeometry.ClassCount];
        for (var i = 0; i < count; i++)
        {
            var predicted = mistakes.Where(m => m.Index == i).Select(m => m.Predicted).DefaultIfEmpty(labels[i]).First();
            probabilities[i * MnistGeometry.ClassCount + predicted] = 0.9f;
            probabilities[i * MnistGeometry.ClassCount + (predicted + 1) % 10] = 0.1f;
        }

        return TestMetrics.Compute(modelId, PenDigitSet.DatasetName, labels, probabilities, DateTimeOffset.UnixEpoch);
    }

    private static IReadOnlyList<IReadOnlyList<StrokePoint>> Strokes(int label) => label == 1
        ? [[new(500, 900), new(502, 600), new(500, 300)]]
        : [[new(300, 800), new(600, 800), new(450, 500)], [new(400, 300), new(420, 310)]];
}
