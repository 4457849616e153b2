using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Tests.Support;

/// <summary>Pen strokes on the 280x280 pad that more than one test project saves.</summary>
public static class SampleStrokes
{
    /// <summary>An upright 1, its middle a little off the line.</summary>
    public static StrokeDrawing One { get; } = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(141.5f, 140), new StrokePoint(140, 240)], 20)]);

    /// <summary>A 7 with a bar across its stem, drawn as a second stroke with a finer pen.</summary>
    public static StrokeDrawing Seven { get; } = new(280, 280,
    [
        new Stroke([new StrokePoint(70, 56), new StrokePoint(210, 56), new StrokePoint(132, 238)], 20),
        new Stroke([new StrokePoint(112, 146), new StrokePoint(200, 146)], 14.5f),
    ]);

    /// <summary>A 0: one closed oval.</summary>
    public static StrokeDrawing Zero { get; } = new(280, 280,
        [new Stroke([.. Enumerable.Range(0, 33).Select(i => new StrokePoint(140 + 60 * MathF.Sin(i * MathF.Tau / 32), 140 - 95 * MathF.Cos(i * MathF.Tau / 32)))], 20)]);

    /// <summary>Labelled single digits to save where a test needs drawings whose strokes are the digits they are labelled.</summary>
    public static IReadOnlyList<(int Label, StrokeDrawing Strokes)> Digits { get; } = [(1, One), (7, Seven), (0, Zero)];

    /// <summary>Two upright strokes far apart, as "11" is written: refused by the web app since, but saved by earlier versions.</summary>
    public static StrokeDrawing Eleven { get; } = new(280, 280,
        [new Stroke([new StrokePoint(70, 50), new StrokePoint(70, 230)], 20), new Stroke([new StrokePoint(210, 50), new StrokePoint(210, 230)], 20)]);
}
