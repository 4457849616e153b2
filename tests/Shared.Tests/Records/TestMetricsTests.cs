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
