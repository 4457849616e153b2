namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The parts found side by side in ink (<see cref="SideBySideParts"/>), left to right, and the marks of a number among
/// them (a minus sign, a decimal point), which are no parts.
/// </summary>
public sealed record PartsInRow<TPart>(IReadOnlyList<TPart> Parts, NumberMarks Marks)
{
    public static PartsInRow<TPart> None { get; } = new([], NumberMarks.None);
}
