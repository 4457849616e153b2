using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>What one model said about a drawing when it was saved.</summary>
/// <param name="ModelId">Catalogue id, or the ensemble's id.</param>
/// <param name="Digit">The predicted digit.</param>
/// <param name="Confidence">The probability of that digit.</param>
public sealed record DrawingPrediction(string ModelId, int Digit, float Confidence);

/// <summary>A drawing to save, with the label its author gave it.</summary>
/// <param name="Label">The true digit, 0..9.</param>
/// <param name="Strokes">The strokes as the pad recorded them.</param>
/// <param name="Image">The 28x28 preprocessed image the models received: 784 bytes, 0 = background, 255 = ink (as MNIST).</param>
/// <param name="CanvasPng">The canvas as a PNG, when the browser captured it.</param>
/// <param name="Predictions">Each model's answer at the moment of saving.</param>
/// <param name="CreatedAt">When it was saved.</param>
public sealed record NewDrawing(
    int Label,
    StrokeDrawing Strokes,
    byte[] Image,
    byte[]? CanvasPng,
    IReadOnlyList<DrawingPrediction> Predictions,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The person said it is one digit, though its ink stands in parts side by side as a number's digits do (a "( )"
    /// zero): it is read as one digit from then on (<see cref="SavedDrawingsReadToday"/>).
    /// </summary>
    public bool ReadAsOneDigit { get; init; }

    /// <summary>When its label was last changed, for a drawing saved again as it was (<see cref="SavedDrawing.AsSavedAgain"/>).</summary>
    public DateTimeOffset? RelabeledAt { get; init; }

    /// <summary>
    /// A digit read from an opened image (a scan or a photo) to save: its 28x28 <paramref name="image"/> is all there is,
    /// with no strokes (<see cref="SavedDrawing.NoStrokes"/>) and no canvas capture.
    /// </summary>
    public static NewDrawing FromImage(int label, byte[] image, IReadOnlyList<DrawingPrediction> predictions, DateTimeOffset createdAt) =>
        new(label, SavedDrawing.NoStrokes, image, null, predictions, createdAt);
}

/// <summary>A saved drawing without its strokes and canvas capture (what a gallery lists).</summary>
/// <param name="Id">The store's id, increasing in saving order.</param>
/// <param name="Label">The true digit (may have been changed since saving).</param>
/// <param name="Image">784 bytes, 0..255, MNIST layout.</param>
/// <param name="HasCanvasPng">Whether a canvas capture is stored.</param>
/// <param name="Predictions">Each model's answer when it was saved.</param>
/// <param name="CreatedAt">When it was saved.</param>
/// <param name="RelabeledAt">When its label was last changed, if ever.</param>
public sealed record SavedDrawingSummary(
    long Id,
    int Label,
    byte[] Image,
    bool HasCanvasPng,
    IReadOnlyList<DrawingPrediction> Predictions,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RelabeledAt)
{
    /// <summary>
    /// Whether its strokes look like several digits side by side (<see cref="SavedDrawingsReadToday"/>): saved before such
    /// drawings were refused, and left out of measuring and fine-tuning.
    /// </summary>
    public bool LooksLikeSeveralDigits { get; init; }

    /// <summary>Saved as one digit because the person said so, though its ink stands in parts side by side (<see cref="NewDrawing.ReadAsOneDigit"/>).</summary>
    public bool ReadAsOneDigit { get; init; }

    /// <summary>The image as the models receive it: 784 values 0..1.</summary>
    public float[] ImageAsFloats() => DrawingImage.ToFloats(Image);
}

/// <summary>A saved drawing with everything stored about it.</summary>
public sealed record SavedDrawing(SavedDrawingSummary Summary, StrokeDrawing Strokes, byte[]? CanvasPng)
{
    /// <summary>The strokes of a digit saved from an opened image, which has none: its 28x28 image is all there is.</summary>
    public static StrokeDrawing NoStrokes { get; } = new(MnistGeometry.Side, MnistGeometry.Side, []);

    /// <summary>Whether it was saved from an opened image (no strokes): its stored image is read as it was saved.</summary>
    public bool FromImage => Strokes.Strokes.Count == 0;

    /// <summary>
    /// The same drawing to save again (a deletion undone): everything stored about it, its label, times and the models'
    /// answers then included. It gets a new id, as ids are never reused.
    /// </summary>
    public NewDrawing AsSavedAgain() =>
        new(Summary.Label, Strokes, Summary.Image, CanvasPng, Summary.Predictions, Summary.CreatedAt)
        {
            ReadAsOneDigit = Summary.ReadAsOneDigit,
            RelabeledAt = Summary.RelabeledAt,
        };

    /// <summary>The name measurements on the saved drawings carry (<c>TestMetrics.Dataset</c>).</summary>
    public const string DatasetName = "my-drawings";
}
