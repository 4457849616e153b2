namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The parts found side by side in ink (<see cref="SideBySideParts"/>), left to right, and the marks of a number among
/// them (a minus sign, a decimal point), which are no parts.
/// </summary>
/// <param name="StrokesLeftOut">
/// Of a drawing read as one digit, which of its strokes (their indexes in the drawing) are in neither the digit nor its
/// minus sign: stray ink, a tap of the pen or a short dash beside it; none otherwise.
/// </param>
public sealed record PartsInRow<TPart>(IReadOnlyList<TPart> Parts, NumberMarks Marks, IReadOnlyList<int> StrokesLeftOut)
{
    public PartsInRow(IReadOnlyList<TPart> parts, NumberMarks marks)
        : this(parts, marks, [])
    {
    }

    public static PartsInRow<TPart> None { get; } = new([], NumberMarks.None);
}
