using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

/// <summary>The page the paper tests photograph: 640x480 with a "7" in its middle.</summary>
internal static class TestPage
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>A "7" with a bar across, drawn with a 16 px pen in the middle of the page.</summary>
    public static readonly StrokeDrawing Seven = new(Width, Height,
    [
        new Stroke([new StrokePoint(250, 120), new StrokePoint(400, 120), new StrokePoint(300, 380)], 16),
        new Stroke([new StrokePoint(290, 250), new StrokePoint(380, 250)], 16),
    ]);
}
