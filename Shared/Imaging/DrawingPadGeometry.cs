namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The drawing pad's canvas and pen, in the pad's logical pixels: one definition for the pad itself,
/// the API's examples and limits, and the conversion of recorded pen trajectories into drawings.
/// </summary>
public static class DrawingPadGeometry
{
    /// <summary>The pad is square: stroke coordinates and pen widths are in units of this side.</summary>
    public const int CanvasSide = 280;

    public const float MinPenWidth = 8;
    public const float MaxPenWidth = 40;
    public const float DefaultPenWidth = 20;

    /// <summary>
    /// How much of the pad a person's digit fills (its longer side), when a recorded trajectory is
    /// placed on the pad: people fill most of it, leaving a margin.
    /// </summary>
    public const float TypicalFill = 0.7f;

    /// <summary>
    /// A 7 with a bar across, as the pad sends it with the default pen: a typical drawing, for the server's warm-up
    /// after a start and the benchmarks.
    /// </summary>
    public static StrokeDrawing TypicalSeven { get; } = new(CanvasSide, CanvasSide,
    [
        new Stroke([new StrokePoint(70, 56), new StrokePoint(210, 56), new StrokePoint(174, 140), new StrokePoint(132, 238)], DefaultPenWidth),
        new Stroke([new StrokePoint(112, 146), new StrokePoint(200, 146)], DefaultPenWidth),
    ]);
}
