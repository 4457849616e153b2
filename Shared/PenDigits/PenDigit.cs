using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.PenDigits;

/// <summary>
/// One digit written with a pen on a tablet, as recorded: its strokes in raw tablet units with the y
/// axis pointing up (as tablets report it), its true label, and where it came from.
/// </summary>
/// <param name="Index">Position in its file, from 0: the digit's id in galleries, URLs and metrics.</param>
/// <param name="Label">The true digit.</param>
/// <param name="Writer">The writer's number when the file records it, else null.</param>
/// <param name="Segment">The file's own segment reference (for example "6-7").</param>
/// <param name="Line">The 1-based line of the digit's <c>.SEGMENT</c> in the file.</param>
/// <param name="Strokes">The pen-down paths in order, each at least one point.</param>
public sealed record PenDigit(
    int Index,
    int Label,
    int? Writer,
    string Segment,
    int Line,
    IReadOnlyList<IReadOnlyList<StrokePoint>> Strokes)
{
    public int PointCount => Strokes.Sum(s => s.Count);

    /// <summary>
    /// The digit as the drawing pad would have recorded it: y flipped to point down, the bounding box
    /// scaled (aspect ratio kept) so its longer side fills <paramref name="fill"/> of the pad and
    /// centred, every stroke drawn with <paramref name="penWidth"/>.
    /// </summary>
    public StrokeDrawing ToDrawing(
        float penWidth = DrawingPadGeometry.DefaultPenWidth,
        int side = DrawingPadGeometry.CanvasSide,
        float fill = DrawingPadGeometry.TypicalFill)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        if (!(fill > 0f && fill <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(fill), fill, "The fill is a fraction of the pad: above 0, at most 1.");
        }

        var bounds = PathBounds.Of(Strokes);
        var extent = bounds.LongerSide;
        var scale = extent > 0f ? fill * side / extent : 1f;
        var centreX = bounds.CentreX;
        var centreY = bounds.CentreY;
        var middle = side / 2f;
        var strokes = Strokes
            .Select(path => new Stroke(
                path.Select(p => new StrokePoint(middle + (p.X - centreX) * scale, middle - (p.Y - centreY) * scale)).ToArray(),
                penWidth))
            .ToArray();
        return new StrokeDrawing(side, side, strokes);
    }
}
