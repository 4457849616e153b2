using System.Runtime.CompilerServices;

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
    /// <see cref="MaxRasterSide"/> times (its length + pen + 4). Every raster drawn is of strokes whose path is at most
    /// <see cref="DrawingLimits.MaxPathLengthPerSide"/> times the normalized path's side: the whole drawing; a drawing
    /// read as a number once more, digit by digit (at most <see cref="SideBySideParts.MostDigitsRead"/>); and for each
    /// piece wide for one digit whose cuts into two touching digits are tried (at most <see cref="TouchingCuts.MostPartsCut"/>;
    /// its columns of least ink are found on the raster it was already drawn on), both sides of each cut (at most
    /// <see cref="TouchingCuts.MostCutsTried"/>). Their segments: the whole's and the digits' are the drawing's own, at
    /// most <see cref="DrawingLimits.MaxTotalPoints"/> each time; the sides of a cut hold the piece's and two more for
    /// each place the cut crosses a stroke (at most <see cref="TouchingCuts.MostCrossings"/>). Besides, telling the parts of
    /// each row of strokes apart may look for loops that touching groups of strokes close together, at most
    /// <see cref="SideBySideParts.MostLoopPixelsVisited"/> each time: for the drawing, and for each of at most
    /// <see cref="RowsOfWriting.MostRows"/> rows it may be written in.
    /// </summary>
    public static readonly long MaxPixelsVisited = (1 + RowsOfWriting.MostRows) * SideBySideParts.MostLoopPixelsVisited + (long)MaxRasterSide * (long)MathF.Ceiling(
        (1 + SideBySideParts.MostDigitsRead + TouchingCuts.MostPartsCut * 2 * TouchingCuts.MostCutsTried)
            * DrawingLimits.MaxPathLengthPerSide * DigitPreprocessor.NormalizedPathSide
        + ((2 + TouchingCuts.MostCutsTried) * DrawingLimits.MaxTotalPoints + 2 * TouchingCuts.MostPartsCut * TouchingCuts.MostCutsTried * TouchingCuts.MostCrossings)
            * (DigitPreprocessor.NormalizedPenWidth + 4f));

    /// <summary>
    /// Preprocesses the drawing's strokes as <see cref="DigitPreprocessor.Preprocess(StrokeDrawing, CancellationToken)"/>
    /// does and counts the work: the whole drawing's raster, and the pixels visited for every raster drawn (the whole,
    /// each digit it is read as, each piece's cuts into two touching digits).
    /// </summary>
    public static PreprocessingWork Of(StrokeDrawing drawing, CancellationToken cancellationToken = default)
    {
        var (length, _) = DrawingLimits.PathSize(drawing);
        var points = drawing.Strokes.Sum(stroke => stroke.Points.Count);
        if (DigitPreprocessor.NormalizeWhole(drawing) is not var (normalized, _))
        {
            return new PreprocessingWork(points, length, 0, 0, 0);
        }

        var visited = new StrongBox<long>();
        DigitPreprocessor.Preprocess(drawing, visited, cancellationToken);
        return new PreprocessingWork(points, length, normalized.Width, normalized.Height, visited.Value);
    }
}
