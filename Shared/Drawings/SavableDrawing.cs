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
}
