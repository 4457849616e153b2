namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// What preprocessing one drawing costs, counted rather than timed: the drawing's points and path,
/// the working raster it is redrawn on, and the pixels the rasterizer looked at. The counts do not
/// depend on the machine, so tests assert on them; the benchmark prints them beside its timings.
/// </summary>
public sealed record PreprocessingWork(int Points, double PathLength, int RasterWidth, int RasterHeight, long PixelsVisited)
{
    /// <summary>
    /// The working raster's longest side for any drawing: the path scaled to
    /// <see cref="DigitPreprocessor.NormalizedPathSide"/> plus half the normalized pen and 2 pixels
    /// on each side (<see cref="DigitPreprocessor.Normalize"/>), rounded up; whatever canvas and pen were declared.
    /// </summary>
    public static readonly int MaxRasterSide = (int)MathF.Ceiling(DigitPreprocessor.NormalizedPathSide + DigitPreprocessor.NormalizedPenWidth + 4f) + 1;

    /// <summary>
    /// The most pixels preprocessing looks at for a drawing within <see cref="DrawingLimits"/>. Each
    /// segment looks at its box widened by the pen's reach and clipped to the raster: at most
    /// <see cref="MaxRasterSide"/> times (its length + pen + 4). Summed over at most
    /// <see cref="DrawingLimits.MaxTotalPoints"/> segments whose lengths add up to at most
    /// <see cref="DrawingLimits.MaxPathLengthPerSide"/> times the normalized path's side.
    /// </summary>
    public static readonly long MaxPixelsVisited = (long)MaxRasterSide * (long)MathF.Ceiling(
        DrawingLimits.MaxPathLengthPerSide * DigitPreprocessor.NormalizedPathSide
        + DrawingLimits.MaxTotalPoints * (DigitPreprocessor.NormalizedPenWidth + 4f));

    /// <summary>Preprocesses the drawing's strokes as <see cref="DigitPreprocessor.Preprocess(StrokeDrawing, CancellationToken)"/> does and counts the work.</summary>
    public static PreprocessingWork Of(StrokeDrawing drawing, CancellationToken cancellationToken = default)
    {
        var (length, _) = DrawingLimits.PathSize(drawing);
        var points = drawing.Strokes.Sum(stroke => stroke.Points.Count);
        if (DigitPreprocessor.Normalize(drawing) is not { } normalized)
        {
            return new PreprocessingWork(points, length, 0, 0, 0);
        }

        StrokeRasterizer.Rasterize(normalized, out var visited, cancellationToken);
        return new PreprocessingWork(points, length, normalized.Width, normalized.Height, visited);
    }
}
