using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Records;

/// <summary>A test image the model got wrong.</summary>
public sealed record MisclassifiedImage(int Index, int TrueLabel, int PredictedLabel, double Confidence);

/// <summary>A model's measured quality on a labelled test set.</summary>
public sealed record TestMetrics : IVersionedRecord
{
    public static int CurrentSchemaVersion => 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ModelId { get; init; }

    /// <summary>Which labelled set was measured, e.g. "mnist-test" or a CSV file name.</summary>
    public required string Dataset { get; init; }
    public int Count { get; init; }
    public double Accuracy { get; init; }
    public required IReadOnlyList<double> PerClassAccuracy { get; init; }

    /// <summary>Rows are true labels, columns predicted labels.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Confusion { get; init; }
    public required IReadOnlyList<MisclassifiedImage> Misclassified { get; init; }
    public DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>
    /// Scores predictions: <paramref name="probabilities"/> holds 10 values per image, in the order of
    /// <paramref name="labels"/>. The predicted class is the argmax (the first on ties).
    /// </summary>
    public static TestMetrics Compute(
        string modelId, string dataset, ReadOnlySpan<byte> labels, ReadOnlySpan<float> probabilities, DateTimeOffset evaluatedAt)
    {
        const int classes = MnistGeometry.ClassCount;
        if (probabilities.Length != labels.Length * classes)
        {
            throw new ArgumentException(
                $"Expected {labels.Length * classes} probabilities for {labels.Length} labels; got {probabilities.Length}.",
                nameof(probabilities));
        }

        var confusion = new int[classes][];
        for (var i = 0; i < classes; i++)
        {
            confusion[i] = new int[classes];
        }

        var misclassified = new List<MisclassifiedImage>();
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var truth = labels[i];
            if (truth >= classes)
            {
                throw new ArgumentException($"Label {truth} at index {i} is outside 0..9.", nameof(labels));
            }

            var row = probabilities.Slice(i * classes, classes);
            var predicted = ArgMax(row);
            confusion[truth][predicted]++;
            if (predicted == truth)
            {
                correct++;
            }
            else
            {
                misclassified.Add(new MisclassifiedImage(i, truth, predicted, row[predicted]));
            }
        }

        var perClass = new double[classes];
        for (var digit = 0; digit < classes; digit++)
        {
            var total = confusion[digit].Sum();
            perClass[digit] = total == 0 ? 0 : (double)confusion[digit][digit] / total;
        }

        return new TestMetrics
        {
            ModelId = modelId,
            Dataset = dataset,
            Count = labels.Length,
            Accuracy = labels.Length == 0 ? 0 : (double)correct / labels.Length,
            PerClassAccuracy = perClass,
            Confusion = confusion,
            Misclassified = misclassified,
            EvaluatedAt = evaluatedAt,
        };
    }

    /// <summary>The index of the largest value; the first one on ties.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
