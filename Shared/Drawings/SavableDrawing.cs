using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>What a drawing must be to be kept as a saved digit, which the models may learn from: one digit, with ink.</summary>
public static class SavableDrawing
{
    /// <summary>How the drawing page lets a person say that ink in parts is one digit.</summary>
    public const string SayItIsOneDigitOnThePage = "choose \"Read it as one digit\" first";

    /// <summary>
    /// Why the drawing preprocessed as <paramref name="digit"/> cannot be saved, or null when it can. Ink in parts side by
    /// side is one digit when the person says so (<paramref name="readAsOneDigit"/>; <see cref="NewDrawing.ReadAsOneDigit"/>);
    /// <paramref name="sayItIsOneDigit"/> tells them how.
    /// </summary>
    public static string? WhyNot(PreprocessedDigit digit, bool readAsOneDigit = false, string sayItIsOneDigit = SayItIsOneDigitOnThePage)
    {
        ArgumentNullException.ThrowIfNull(digit);
        return digit.IsBlank ? $"Nothing to save: {digit.BlankReason}"
            : digit.LooksLikeSeveralDigits && !readAsOneDigit ? SeveralDigits(digit.SideBySideParts, sayItIsOneDigit)
            : null;
    }

    /// <summary>
    /// Whether the drawing saved from <paramref name="digit"/> keeps the person's word that it is one digit
    /// (<see cref="NewDrawing.ReadAsOneDigit"/>): only ink in parts side by side needs it; ink in one piece is one digit anyway.
    /// </summary>
    public static bool KeepsReadAsOneDigit(PreprocessedDigit digit, bool readAsOneDigit)
    {
        ArgumentNullException.ThrowIfNull(digit);
        return readAsOneDigit && digit.LooksLikeSeveralDigits;
    }

    /// <summary>Why a drawing of <paramref name="parts"/> digits side by side is not saved.</summary>
    public static string SeveralDigits(int parts, string sayItIsOneDigit = SayItIsOneDigitOnThePage) =>
        $"This looks like {parts} digits side by side: a saved drawing is one digit, as the models learn from it. Save each digit as its own drawing; if it is one digit written in parts, {sayItIsOneDigit}.";
}
