using System.Text.Json.Serialization;
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
    /// The images, by index, that the model finds unlike the digits it learned (the ensemble: most of its members),
    /// read right or not; null when that was not measured (a model without a familiarity profile, or metrics measured
    /// where profiles are not read, such as training's).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Unfamiliar { get; init; }

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

        var confusion = EmptyConfusion();

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

        return new TestMetrics
        {
            ModelId = modelId,
            Dataset = dataset,
            Count = labels.Length,
            Accuracy = labels.Length == 0 ? 0 : (double)correct / labels.Length,
            PerClassAccuracy = PerClass(confusion),
            Confusion = confusion,
            Misclassified = misclassified,
            EvaluatedAt = evaluatedAt,
        };
    }

    /// <summary>
    /// The same predictions counted over some of the measured images only (one writer's pen digits): their
    /// misclassified images are kept and the rest of them fill the diagonal.
    /// </summary>
    /// <param name="indices">The images kept, by their index in the measured set.</param>
    /// <param name="trueLabelOf">An image's true label, by that index.</param>
    /// <exception cref="ArgumentException">An index is outside the measured set, or its label outside 0..9.</exception>
    public TestMetrics Within(IReadOnlySet<int> indices, Func<int, int> trueLabelOf)
    {
        const int classes = MnistGeometry.ClassCount;
        var confusion = EmptyConfusion();

        foreach (var index in indices)
        {
            if (index < 0 || index >= Count)
            {
                throw new ArgumentException($"Image {index} is not among the {Count} measured.", nameof(indices));
            }

            var truth = trueLabelOf(index);
            if (truth is < 0 or >= classes)
            {
                throw new ArgumentException($"Label {truth} of image {index} is outside 0..9.", nameof(trueLabelOf));
            }

            confusion[truth][truth]++;
        }

        var misclassified = Misclassified.Where(m => indices.Contains(m.Index)).ToArray();
        foreach (var wrong in misclassified)
        {
            confusion[wrong.TrueLabel][wrong.TrueLabel]--;
            confusion[wrong.TrueLabel][wrong.PredictedLabel]++;
        }

        return this with
        {
            Count = indices.Count,
            Accuracy = indices.Count == 0 ? 0 : (double)(indices.Count - misclassified.Length) / indices.Count,
            PerClassAccuracy = PerClass(confusion),
            Confusion = confusion,
            Misclassified = misclassified,
        };
    }

    private static int[][] EmptyConfusion() =>
        Enumerable.Range(0, MnistGeometry.ClassCount).Select(_ => new int[MnistGeometry.ClassCount]).ToArray();

    private static double[] PerClass(int[][] confusion)
    {
        var perClass = new double[confusion.Length];
        for (var digit = 0; digit < confusion.Length; digit++)
        {
            var total = confusion[digit].Sum();
            perClass[digit] = total == 0 ? 0 : (double)confusion[digit][digit] / total;
        }

        return perClass;
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
