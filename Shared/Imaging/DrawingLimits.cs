namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// What a drawing may hold, wherever it comes from (the HTTP API, the drawing pad in the browser,
/// saved drawings): one definition, so one request costs a few milliseconds at most.
/// Preprocessing redraws every drawing on a bounded working raster with a normalized pen
/// (<see cref="DigitPreprocessor.Preprocess(StrokeDrawing, CancellationToken)"/>), so the work grows
/// only with the number of points and the length of the path relative to the digit's size;
/// both are bounded here. Measured in docs/security.md.
/// </summary>
public static class DrawingLimits
{
    /// <summary>Most strokes in one drawing.</summary>
    public const int MaxStrokes = 1_000;

    /// <summary>
    /// Most points in one drawing, all strokes together. A digit drawn on the pad has at most a few hundred
    /// (the pad simplifies each stroke before sending it); the 999 UNIPEN pen digits at most 172.
    /// </summary>
    public const int MaxTotalPoints = 2_000;

    /// <summary>
    /// The total length of a drawing's path (every segment of every stroke) may be at most this many
    /// times the longer side of the points' bounding box. Handwritten digits measure 2 to 6 (the 999
    /// UNIPEN pen digits at most 3.6); a zero gone over three times about 8. Long zig-zags across the raster are what
    /// make rasterizing expensive.
    /// </summary>
    public const float MaxPathLengthPerSide = 20f;

    /// <summary>The widest pen, as a fraction of the canvas's longer side: the pad's slider maximum on the pad.</summary>
    public const float MaxPenWidthFraction = DrawingPadGeometry.MaxPenWidth / DrawingPadGeometry.CanvasSide;

    /// <summary>The widest pen accepted on a canvas of this size (40 on the 280-pixel pad).</summary>
    public static float MaxPenWidth(int canvasWidth, int canvasHeight) =>
        Math.Min(Math.Max(canvasWidth, canvasHeight) * MaxPenWidthFraction, StrokeRasterizer.MaxPenWidth);

    /// <summary>The total length of every stroke's path and the longer side of the points' bounding box.</summary>
    public static (double Length, float LongerSide) PathSize(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        double length = 0;
        foreach (var stroke in drawing.Strokes)
        {
            for (var i = 1; i < stroke.Points.Count; i++)
            {
                var (point, previous) = (stroke.Points[i], stroke.Points[i - 1]);
                length += Math.Sqrt(((double)point.X - previous.X) * (point.X - previous.X) + ((double)point.Y - previous.Y) * (point.Y - previous.Y));
            }
        }

        return (length, PathBounds.Of(drawing).LongerSide);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> saying what is wrong when a drawing sent by a client
    /// (pad or API) is not acceptable: the rasterizer's checks, the pen at most
    /// <see cref="MaxPenWidthFraction"/> of the canvas, and the path's length.
    /// </summary>
    public static void Validate(StrokeDrawing drawing)
    {
        StrokeRasterizer.Validate(drawing);
        var maxPen = MaxPenWidth(drawing.Width, drawing.Height);
        for (var s = 0; s < drawing.Strokes.Count; s++)
        {
            if (drawing.Strokes[s].Width > maxPen)
            {
                throw new ArgumentException(
                    $"Stroke {s}: pen width {drawing.Strokes[s].Width} is too wide for a {drawing.Width}x{drawing.Height} canvas; at most {maxPen} (1/{1 / MaxPenWidthFraction:0} of its longer side) is accepted.",
                    nameof(drawing));
            }
        }
    }

    /// <summary>Throws when the path is too long for its size (<see cref="MaxPathLengthPerSide"/>); part of <see cref="StrokeRasterizer.Validate"/>.</summary>
    internal static void ValidatePathLength(StrokeDrawing drawing)
    {
        var (length, side) = PathSize(drawing);
        var allowed = MaxPathLengthPerSide * Math.Max(side, 1f);
        if (length > allowed)
        {
            throw new ArgumentException(
                $"The drawing's path is {length:0} pixels long, more than {MaxPathLengthPerSide:0} times its longer side ({side:0.#} pixels); a digit's strokes are far shorter.",
                nameof(drawing));
        }
    }
}
