using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Drawings;

/// <summary>Drawings to save in tests: real strokes, their real preprocessed image, made-up predictions.</summary>
public static class SampleDrawings
{
    public static readonly DateTimeOffset SavedAt = new(2026, 11, 28, 3, 30, 0, TimeSpan.Zero);

    public static StrokeDrawing VerticalOne { get; } = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(141.5f, 140), new StrokePoint(140, 240)], 20)]);

    public static StrokeDrawing Seven { get; } = new(280, 280,
    [
        new Stroke([new StrokePoint(70, 56), new StrokePoint(210, 56), new StrokePoint(132, 238)], 20),
        new Stroke([new StrokePoint(112, 146), new StrokePoint(200, 146)], 14.5f),
    ]);

    public static NewDrawing Of(int label, StrokeDrawing? strokes = null, byte[]? png = null, DateTimeOffset? at = null)
    {
        strokes ??= label == 7 ? Seven : VerticalOne;
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
