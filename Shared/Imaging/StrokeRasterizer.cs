namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Renders strokes to ink like an anti-aliasing canvas with round caps and joins: a pixel's
/// coverage falls linearly from 1 to 0 over the one pixel centred on the pen's edge, i.e.
/// clamp(radius + 0.5 - distance, 0, 1), where distance is from the pixel centre to the nearest
/// point of the stroke's path. Overlapping parts of a drawing take the larger coverage, so ink never
/// exceeds 1 and a stroke crossing itself does not darken. Parts outside the canvas are clipped.
/// </summary>
public static class StrokeRasterizer
{
    public const int MaxCanvasSide = GrayImage.MaxSide;
    public const int MaxStrokes = DrawingLimits.MaxStrokes;
    public const int MaxTotalPoints = DrawingLimits.MaxTotalPoints;
    public const float MaxPenWidth = 1_024f;

    /// <summary>Draws the strokes; <paramref name="cancellationToken"/> is checked before each stroke.</summary>
    public static GrayImage Rasterize(StrokeDrawing drawing, CancellationToken cancellationToken = default) =>
        Rasterize(drawing, out _, cancellationToken);

    /// <summary>The same, counting the work: <paramref name="pixelsVisited"/> is how many pixels the segments' boxes covered.</summary>
    public static GrayImage Rasterize(StrokeDrawing drawing, out long pixelsVisited, CancellationToken cancellationToken = default)
    {
        DrawingLimits.ValidateRasterizable(drawing);
        pixelsVisited = 0;
        var ink = new float[drawing.Width * drawing.Height];
        foreach (var stroke in drawing.Strokes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (start, end) in Segments(stroke))
            {
                pixelsVisited += DrawSegment(ink, drawing.Width, drawing.Height, start, end, stroke.Width / 2f);
            }
        }

        return GrayImage.Trusted(ink, drawing.Width, drawing.Height);
    }

    /// <summary>The segments a stroke is drawn as: one from its point to itself when it has only one.</summary>
    private static IEnumerable<(StrokePoint Start, StrokePoint End)> Segments(Stroke stroke)
    {
        var points = stroke.Points;
        if (points.Count == 1)
        {
            yield return (points[0], points[0]);
        }

        for (var i = 1; i < points.Count; i++)
        {
            yield return (points[i - 1], points[i]);
        }
    }

    /// <summary>How many pixels <see cref="Rasterize(StrokeDrawing, out long, CancellationToken)"/> would look at for the drawing, without drawing it.</summary>
    public static long PixelsVisitedBy(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        return drawing.Strokes.Sum(stroke => Segments(stroke).Sum(segment => Area(SegmentBox(drawing.Width, drawing.Height, segment.Start, segment.End, stroke.Width / 2f))));
    }

    private static long Area((int Left, int Right, int Top, int Bottom) box) =>
        box.Right < box.Left || box.Bottom < box.Top ? 0 : (long)(box.Right - box.Left + 1) * (box.Bottom - box.Top + 1);

    /// <summary>The pixels a segment's ink may reach: its box widened by the pen's reach, clipped to the canvas (empty when outside it).</summary>
    private static (int Left, int Right, int Top, int Bottom) SegmentBox(int width, int height, StrokePoint start, StrokePoint end, float radius)
    {
        var reach = radius + 0.5f;
        return (
            Math.Max(0, (int)MathF.Floor(MathF.Min(start.X, end.X) - reach)),
            Math.Min(width - 1, (int)MathF.Ceiling(MathF.Max(start.X, end.X) + reach)),
            Math.Max(0, (int)MathF.Floor(MathF.Min(start.Y, end.Y) - reach)),
            Math.Min(height - 1, (int)MathF.Ceiling(MathF.Max(start.Y, end.Y) + reach)));
    }

    /// <summary>Draws one segment; returns how many pixels it looked at (its box, clipped to the canvas).</summary>
    private static long DrawSegment(float[] ink, int width, int height, StrokePoint start, StrokePoint end, float radius)
    {
        var reach = radius + 0.5f;
        var box = SegmentBox(width, height, start, end, radius);
        var (left, right, top, bottom) = box;

        var dx = end.X - start.X;
        var dy = end.Y - start.Y;
        var lengthSquared = dx * dx + dy * dy;
        for (var y = top; y <= bottom; y++)
        {
            var row = y * width;
            var centreY = y + 0.5f;
            for (var x = left; x <= right; x++)
            {
                if (ink[row + x] >= 1f)
                {
                    continue; // already full: overlapping segments (most of a stroke) cost little
                }

                var centreX = x + 0.5f;
                var along = lengthSquared > 0f
                    ? Math.Clamp(((centreX - start.X) * dx + (centreY - start.Y) * dy) / lengthSquared, 0f, 1f)
                    : 0f;
                var offX = centreX - (start.X + along * dx);
                var offY = centreY - (start.Y + along * dy);
                var distanceSquared = offX * offX + offY * offY;
                if (distanceSquared >= reach * reach)
                {
                    continue;
                }

                var coverage = reach - MathF.Sqrt(distanceSquared);
                if (coverage > ink[row + x])
                {
                    ink[row + x] = MathF.Min(coverage, 1f);
                }
            }
        }

        return Area(box);
    }
}
