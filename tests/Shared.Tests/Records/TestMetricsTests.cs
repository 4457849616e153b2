using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.Records;

public sealed class TestMetricsTests
{
    private static float[] OneHot(params (int Digit, float Confidence)[] predictions)
    {
        var probabilities = new float[predictions.Length * 10];
        for (var i = 0; i < predictions.Length; i++)
        {
            var (digit, confidence) = predictions[i];
            for (var c = 0; c < 10; c++)
            {
                probabilities[i * 10 + c] = c == digit ? confidence : (1 - confidence) / 9;
            }
        }

        return probabilities;
    }

    [Fact]
    public void Accuracy_confusion_and_misclassified_are_counted_by_hand()
    {
        byte[] labels = [7, 2, 1, 0, 4, 1];
        var probabilities = OneHot((7, 0.9f), (2, 0.8f), (7, 0.6f), (0, 0.99f), (9, 0.55f), (1, 0.7f));

        var metrics = TestMetrics.Compute("nn", "mnist-test", labels, probabilities, DateTimeOffset.UnixEpoch);

        Assert.Equal(6, metrics.Count);
        Assert.Equal(4.0 / 6, metrics.Accuracy, 12);
        Assert.Equal(1, metrics.Confusion[1][7]);
        Assert.Equal(1, metrics.Confusion[1][1]);
        Assert.Equal(1, metrics.Confusion[4][9]);
        Assert.Equal(6, metrics.Confusion.Sum(row => row.Sum()));
        Assert.Equal(0.5, metrics.PerClassAccuracy[1]);
        Assert.Equal(0, metrics.PerClassAccuracy[4]);
        Assert.Equal(1, metrics.PerClassAccuracy[7]);
        Assert.Equal(0, metrics.PerClassAccuracy[3]);
        Assert.Equal(
            [new MisclassifiedImage(2, 1, 7, 0.6f), new MisclassifiedImage(4, 4, 9, 0.55f)],
            metrics.Misclassified);
    }

    [Fact]
    public void Counted_within_some_images_the_metrics_equal_those_measured_on_them_alone_and_keep_the_images_indices()
    {
        byte[] labels = [7, 2, 1, 0, 4, 1, 4, 9];
        (int, float)[] predictions = [(7, 0.9f), (2, 0.8f), (7, 0.6f), (0, 0.99f), (9, 0.55f), (1, 0.7f), (4, 0.9f), (4, 0.6f)];
        var metrics = TestMetrics.Compute("nn", "pen-digits", labels, OneHot(predictions), DateTimeOffset.UnixEpoch);
        int[] kept = [1, 2, 4, 6, 7];

        var within = metrics.Within(kept.ToHashSet(), index => labels[index]);

        var alone = TestMetrics.Compute(
            "nn", "pen-digits", kept.Select(i => labels[i]).ToArray(), OneHot(kept.Select(i => predictions[i]).ToArray()), DateTimeOffset.UnixEpoch);
        Assert.Equal(5, within.Count);
        Assert.Equal(alone.Accuracy, within.Accuracy, 12);
        Assert.Equal(alone.Confusion, within.Confusion);
        Assert.Equal(alone.PerClassAccuracy, within.PerClassAccuracy);
        Assert.Equal([2, 4, 7], within.Misclassified.Select(m => m.Index));
        Assert.Equal(alone.Misclassified.Select(m => (m.TrueLabel, m.PredictedLabel)), within.Misclassified.Select(m => (m.TrueLabel, m.PredictedLabel)));
        Assert.Equal(("nn", "pen-digits"), (within.ModelId, within.Dataset));
        Assert.Equal(0, metrics.Within(new HashSet<int>(), index => labels[index]).Accuracy);
    }

    [Fact]
    public void Counting_within_an_image_that_was_not_measured_is_an_error()
    {
        var metrics = TestMetrics.Compute("nn", "pen-digits", new byte[] { 1, 2 }, OneHot((1, 0.9f), (2, 0.9f)), DateTimeOffset.UnixEpoch);

        var error = Assert.Throws<ArgumentException>(() => metrics.Within(new HashSet<int> { 0, 2 }, _ => 1));

        Assert.Contains("Image 2 is not among the 2 measured.", error.Message);
    }

    [Fact]
    public void Mismatched_probability_count_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(
            () => TestMetrics.Compute("nn", "x", new byte[] { 1, 2 }, new float[15], DateTimeOffset.UnixEpoch));

        Assert.Contains("Expected 20 probabilities for 2 labels; got 15", error.Message);
    }

    [Fact]
    public void ArgMax_takes_the_first_of_equal_values()
    {
        Assert.Equal(2, TestMetrics.ArgMax([0.1f, 0.2f, 0.3f, 0.3f]));
    }
}
