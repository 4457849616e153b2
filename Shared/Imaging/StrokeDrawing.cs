namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// A point of a pen stroke in canvas pixels: (0, 0) is the top-left corner of the canvas and pixel
/// (i, j) covers [i, i+1) x [j, j+1), so its centre is (i + 0.5, j + 0.5), as pointer offsets are.
/// </summary>
public readonly record struct StrokePoint(float X, float Y);

/// <summary>One pen stroke: the pen's path and its diameter in canvas pixels. A single point is a dot.</summary>
public sealed record Stroke(IReadOnlyList<StrokePoint> Points, float Width);

/// <summary>A drawing as the canvas recorded it: its size in pixels and its strokes in drawing order.</summary>
public sealed record StrokeDrawing(int Width, int Height, IReadOnlyList<Stroke> Strokes);
