namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The parts found side by side in ink (<see cref="SideBySideParts"/>), left to right, and the marks of a number among
/// them (a minus sign, a decimal point), which are no parts.
/// </summary>
/// <param name="StrokesLeftOut">
/// Of a drawing, which of its strokes (their indexes in the drawing) are in no part and no mark: stray ink, a tap of
/// the pen or a short dash beside the digits; none for an image.
/// </param>
public sealed record PartsInRow<TPart>(IReadOnlyList<TPart> Parts, NumberMarks Marks, IReadOnlyList<int> StrokesLeftOut)
{
    public PartsInRow(IReadOnlyList<TPart> parts, NumberMarks marks)
        : this(parts, marks, [])
    {
    }

    public static PartsInRow<TPart> None { get; } = new([], NumberMarks.None);
}
