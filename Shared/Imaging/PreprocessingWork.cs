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
    /// <see cref="MaxRasterSide"/> times (its length + pen + 4). For the whole drawing: summed over at most
    /// <see cref="DrawingLimits.MaxTotalPoints"/> segments whose lengths add up to at most
    /// <see cref="DrawingLimits.MaxPathLengthPerSide"/> times the normalized path's side. A drawing read as a number
    /// is redrawn once more, digit by digit: the same segments (so the same number of them), each digit's path at most
    /// as long for its own side, and at most <see cref="SideBySideParts.MostDigitsRead"/> digits.
    /// </summary>
    public static readonly long MaxPixelsVisited = (long)MaxRasterSide * (long)MathF.Ceiling(
        (1 + SideBySideParts.MostDigitsRead) * DrawingLimits.MaxPathLengthPerSide * DigitPreprocessor.NormalizedPathSide
        + 2 * DrawingLimits.MaxTotalPoints * (DigitPreprocessor.NormalizedPenWidth + 4f));

    /// <summary>
    /// Preprocesses the drawing's strokes as <see cref="DigitPreprocessor.Preprocess(StrokeDrawing, CancellationToken)"/>
    /// does and counts the work: the whole drawing's raster, and the pixels visited for it and for each digit it is read as.
    /// </summary>
    public static PreprocessingWork Of(StrokeDrawing drawing, CancellationToken cancellationToken = default)
    {
        var (length, _) = DrawingLimits.PathSize(drawing);
        var points = drawing.Strokes.Sum(stroke => stroke.Points.Count);
        if (DigitPreprocessor.NormalizeWhole(drawing) is not var (normalized, row))
        {
            return new PreprocessingWork(points, length, 0, 0, 0);
        }

        StrokeRasterizer.Rasterize(normalized, out var visited, cancellationToken);
        foreach (var digit in DigitPreprocessor.DigitsReadOneByOne(row))
        {
            if (DigitPreprocessor.Normalize(digit) is { } normalizedDigit)
            {
                StrokeRasterizer.Rasterize(normalizedDigit, out var visitedForDigit, cancellationToken);
                visited += visitedForDigit;
            }
        }

        return new PreprocessingWork(points, length, normalized.Width, normalized.Height, visited);
    }
}
