using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Tests.Support;

/// <summary>Pen strokes on the 280x280 pad that more than one test project saves.</summary>
public static class SampleStrokes
{
    /// <summary>Two upright strokes far apart, as "11" is written: refused by the web app since, but saved by earlier versions.</summary>
    public static StrokeDrawing Eleven { get; } = new(280, 280,
        [new Stroke([new StrokePoint(70, 50), new StrokePoint(70, 230)], 20), new Stroke([new StrokePoint(210, 50), new StrokePoint(210, 230)], 20)]);
}
