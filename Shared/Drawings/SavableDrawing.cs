using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>What a drawing must be to be kept as a saved digit, which the models may learn from: one digit, with ink.</summary>
public static class SavableDrawing
{
    /// <summary>Why the drawing preprocessed as <paramref name="digit"/> cannot be saved, or null when it can.</summary>
    public static string? WhyNot(PreprocessedDigit digit)
    {
        ArgumentNullException.ThrowIfNull(digit);
        return digit.IsBlank ? $"Nothing to save: {digit.BlankReason}"
            : digit.LooksLikeSeveralDigits ? SeveralDigits(digit.SideBySideParts)
            : null;
    }

    /// <summary>Why a drawing of <paramref name="parts"/> digits side by side is not saved.</summary>
    public static string SeveralDigits(int parts) =>
        $"This looks like {parts} digits side by side: a saved drawing is one digit, as the models learn from it. Save each digit as its own drawing.";

    /// <summary>Why ink of <paramref name="parts"/> parts side by side, which the person chose to read as one digit, is not saved.</summary>
    public static string SeveralPartsReadAsOne(int parts) =>
        $"Read as one digit, as you chose, but its ink stands in {parts} parts side by side, and a saved drawing must read as one digit, as the models learn from it. To save it, write the digit with its strokes touching or crossing.";
}
