using System.Globalization;

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
    /// Throws an <see cref="ArgumentException"/> saying what is wrong, and where, when a drawing sent by a
    /// client (pad or API) is not acceptable: <see cref="ValidateRasterizable"/> with the pen at most
    /// <see cref="MaxPenWidthFraction"/> of the canvas.
    /// </summary>
    public static void Validate(StrokeDrawing drawing) => Validate(drawing, forClient: true);

    /// <summary>
    /// The same with any pen up to <see cref="StrokeRasterizer.MaxPenWidth"/>: what the rasterizer and the
    /// preprocessing need (canvas size, stroke and point counts, finite coordinates near the canvas, the
    /// path's length). Errors name the field as the stroke JSON does (<c>strokes[1].points[2]</c>).
    /// </summary>
    public static void ValidateRasterizable(StrokeDrawing drawing) => Validate(drawing, forClient: false);

    private static void Validate(StrokeDrawing drawing, bool forClient)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        RequireSide("width", drawing.Width);
        RequireSide("height", drawing.Height);
        if (drawing.Strokes is null)
        {
            throw Invalid("The drawing has no stroke list (strokes is null).");
        }

        if (drawing.Strokes.Count > MaxStrokes)
        {
            throw Invalid($"The drawing has {drawing.Strokes.Count} strokes; at most {MaxStrokes} are accepted.");
        }

        var maxPen = forClient ? MaxPenWidth(drawing.Width, drawing.Height) : StrokeRasterizer.MaxPenWidth;
        var totalPoints = 0;
        for (var s = 0; s < drawing.Strokes.Count; s++)
        {
            var stroke = drawing.Strokes[s] ?? throw Invalid($"strokes[{s}] is null.");
            if (!(stroke.Width > 0f && stroke.Width <= maxPen))
            {
                var why = forClient ? $" (1/{1 / MaxPenWidthFraction:0} of the {drawing.Width}x{drawing.Height} canvas's longer side)" : "";
                throw Invalid($"strokes[{s}].width is {Text(stroke.Width)}; it must be above 0 and at most {Text(maxPen)}{why}.");
            }

            if (stroke.Points is null || stroke.Points.Count == 0)
            {
                throw Invalid($"strokes[{s}] has no points.");
            }

            totalPoints += stroke.Points.Count;
            if (totalPoints > MaxTotalPoints)
            {
                throw Invalid($"The drawing has more than {MaxTotalPoints} points in total (reached at strokes[{s}]).");
            }

            for (var p = 0; p < stroke.Points.Count; p++)
            {
                RequirePoint(drawing, $"strokes[{s}].points[{p}]", stroke.Points[p]);
            }
        }

        ValidatePathLength(drawing);
    }

    private static void RequireSide(string name, int side)
    {
        if (side < 1 || side > StrokeRasterizer.MaxCanvasSide)
        {
            throw Invalid($"\"{name}\" is {side}; it must be a whole number from 1 to {StrokeRasterizer.MaxCanvasSide}.");
        }
    }

    private static void RequirePoint(StrokeDrawing drawing, string where, StrokePoint point)
    {
        if (!float.IsFinite(point.X) || !float.IsFinite(point.Y))
        {
            var axis = float.IsFinite(point.X) ? "y" : "x";
            throw Invalid($"{where}: {axis} is {Text(axis == "x" ? point.X : point.Y)}, not a finite number.");
        }

        // Points may stray off the canvas (pointer capture keeps reporting outside it), but by at most its own size.
        var (width, height) = (drawing.Width, drawing.Height);
        if (point.X < -width || point.X > 2f * width || point.Y < -height || point.Y > 2f * height)
        {
            throw Invalid($"{where} is ({Text(point.X)}, {Text(point.Y)}), too far outside the {width}x{height} canvas "
                + $"(allowed: x {-width}..{2 * width}, y {-height}..{2 * height}).");
        }
    }

    private static string Text(float value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The message is shown to people as it is (the pad, the API), so it carries no parameter name.</summary>
    private static ArgumentException Invalid(string message) => new(message);

    /// <summary>Whether the drawing's path is at most <see cref="MaxPathLengthPerSide"/> times its longer side, as a digit's is.</summary>
    public static bool HasDigitSizedPath(StrokeDrawing drawing)
    {
        var (length, side) = PathSize(drawing);
        return length <= MaxPathLengthPerSide * Math.Max(side, 1f);
    }

    /// <summary>Throws when the path is too long for its size (<see cref="MaxPathLengthPerSide"/>); part of <see cref="ValidateRasterizable"/>.</summary>
    private static void ValidatePathLength(StrokeDrawing drawing)
    {
        if (!HasDigitSizedPath(drawing))
        {
            var (length, side) = PathSize(drawing);
            throw Invalid(
                $"The drawing's path is {length:0} pixels long, more than {MaxPathLengthPerSide:0} times its longer side ({side:0.#} pixels); a digit's strokes are far shorter.");
        }
    }
}
