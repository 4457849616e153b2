using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Drawings;

/// <summary>Drawings to save in tests: real strokes, their real preprocessed image, made-up predictions.</summary>
public static class SampleDrawings
{
    public static readonly DateTimeOffset SavedAt = new(2026, 11, 28, 3, 30, 0, TimeSpan.Zero);

    public static NewDrawing Of(int label, StrokeDrawing? strokes = null, byte[]? png = null, DateTimeOffset? at = null)
    {
        strokes ??= label == 7 ? SampleStrokes.Seven : SampleStrokes.One;
        var image = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(strokes).Pixels);
        return new NewDrawing(
            label,
            strokes,
            image,
            png,
            [new DrawingPrediction("nn", label, 0.75f), new DrawingPrediction("simple-cnn", (label + 1) % 10, 0.5f), new DrawingPrediction("ensemble", label, 0.9f)],
            at ?? SavedAt);
    }
}
