using System.Text.Json.Serialization;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Client.SavedDrawings;

/// <summary>Every model (and the ensemble) measured on the saved drawings.</summary>
/// <param name="DrawingCount">How many drawings were measured.</param>
/// <param name="Models">In card order: the four models, then the ensemble.</param>
/// <param name="SeveralDigitsLeftOut">How many saved drawings were left out because they look like several digits side by side.</param>
/// <param name="ChangedSinceSaved">
/// How many of the measured drawings the models saw differently from the image stored when they were saved: each is read
/// from its strokes with today's preprocessing.
/// </param>
public sealed record DrawingsMeasurement(int DrawingCount, IReadOnlyList<ModelOnDrawings> Models, int SeveralDigitsLeftOut = 0, int ChangedSinceSaved = 0)
{
    /// <summary>The measured drawings' ids, in the order the metrics index them (<see cref="TestMetrics.Misclassified"/>).</summary>
    public IReadOnlyList<long> DrawingIds { get; init; } = [];

    /// <summary>
    /// The measured drawings most of the CNNs find unlike any digit they learned (<see cref="DigitClassification.IsUnfamiliar"/>),
    /// by id: a scribble or a letter saved as a digit, or a digit written unlike MNIST's; worth a look before fine-tuning.
    /// </summary>
    public IReadOnlyList<long> UnfamiliarIds { get; init; } = [];

    /// <summary>The images the models were given, in the same order (for the page's gallery of misread drawings; not sent by the API).</summary>
    [JsonIgnore]
    public LabeledImages? Images { get; init; }

    /// <summary>The drawings <paramref name="modelId"/> misreads now, by id, with the digit it reads (empty when it was not measured).</summary>
    public IReadOnlyDictionary<long, int> MisreadBy(string modelId) =>
        Models.FirstOrDefault(m => m.Status.ModelId == modelId)?.Metrics?.Misclassified
            .Where(m => m.Index < DrawingIds.Count)
            .ToDictionary(m => DrawingIds[m.Index], m => m.PredictedLabel)
        ?? new Dictionary<long, int>();
}

/// <summary>One model on the saved drawings, beside its MNIST test accuracy.</summary>
/// <param name="Status">The model now (its <see cref="ModelStatus.TestAccuracy"/> is the MNIST test figure).</param>
/// <param name="Metrics">Accuracy, per-class accuracy and confusion on the drawings; null when the model cannot answer or nothing is saved.</param>
public sealed record ModelOnDrawings(ModelStatus Status, TestMetrics? Metrics);
