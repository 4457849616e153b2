namespace MnistBlazor.Shared.Imaging;

/// <summary>The bounding box of a path's points (not of the pen's ink): where a drawing's strokes go.</summary>
public readonly record struct PathBounds(float MinX, float MinY, float MaxX, float MaxY)
{
    public float Width => MaxX - MinX;
    public float Height => MaxY - MinY;
    public float LongerSide => MathF.Max(Width, Height);
    public float CentreX => (MinX + MaxX) / 2f;
    public float CentreY => (MinY + MaxY) / 2f;

    /// <summary>The box grown by <paramref name="margin"/> on every side (a path's box to its pen's mark's).</summary>
    public PathBounds Widened(float margin) => new(MinX - margin, MinY - margin, MaxX + margin, MaxY + margin);

    /// <summary>The box around every point; all zero when there are none.</summary>
    public static PathBounds Of(IEnumerable<IReadOnlyList<StrokePoint>> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        float minX = float.MaxValue, maxX = float.MinValue, minY = float.MaxValue, maxY = float.MinValue;
        foreach (var path in paths)
        {
            foreach (var point in path)
            {
                minX = MathF.Min(minX, point.X);
                maxX = MathF.Max(maxX, point.X);
                minY = MathF.Min(minY, point.Y);
                maxY = MathF.Max(maxY, point.Y);
            }
        }

        return maxX >= minX ? new PathBounds(minX, minY, maxX, maxY) : default;
    }

    public static PathBounds Of(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        return Of(drawing.Strokes.Select(s => s.Points));
    }
}
