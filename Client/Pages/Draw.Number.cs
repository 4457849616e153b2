using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// Several digits written side by side ("42") are read as a number, each digit classified on its own; the page then
/// shows the digit chosen (the first at first) as it shows a single digit: what the models see, every verdict,
/// evidence and layers; a number drawn on the pad can be saved digit by digit. The person may overrule the page: read a
/// number as one digit (a digit drawn in parts the page took for several), or ink read as one digit as two touching
/// digits, and go back.
/// </summary>
public sealed partial class Draw
{
    /// <summary>The number read, or null while the input is one digit (or nothing).</summary>
    private NumberReading? number;

    /// <summary>Which digit of <see cref="number"/> the rest of the page shows.</summary>
    private int selectedDigit;

    /// <summary>The input (<see cref="inputVersion"/>) the ink shown was read from; a newer one is still being read.</summary>
    private long readVersion;

    /// <summary>The drawing or image last read, whole, before any reading as a number: the person's choice of reading reads it again.</summary>
    private PreprocessedDigit? inkRead;

    /// <summary>How the person chose to read the ink shown: as one digit, or as a number (two touching digits, when the page read one).</summary>
    private enum ReadingChoice
    {
        OneDigit,
        Number,
    }

    /// <summary>
    /// The input the person chose to read otherwise than the page did, and how: the drawing on the pad (the choice kept
    /// as they draw on, until the pad is cleared) or the opened image; null when they made no such choice.
    /// </summary>
    private (object Input, ReadingChoice Choice)? readingChosen;

    /// <summary>Whether <see cref="number"/> is ink the page read as one digit, parted in two because the person said it holds two.</summary>
    private bool numberPartedByChoice;

    /// <summary>The number the ink shown reads as, set aside because the person chose to read the ink as one digit; otherwise null.</summary>
    private NumberReading? numberSetAside;

    /// <summary>How the person chose to read the input shown (<see cref="readingChosen"/>), or null.</summary>
    private ReadingChoice? Chosen =>
        readingChosen is { } chosen && (ReferenceEquals(chosen.Input, drawing) || ReferenceEquals(chosen.Input, imageFile)) ? chosen.Choice : null;

    /// <summary>
    /// Whether the page offers to read the ink shown, read as one digit, as two touching digits: it is wide enough to have
    /// cuts to try, none of which the models read surely.
    /// </summary>
    private bool OffersTwoDigits => number is null && numberSetAside is null && previewInk is { CutsToTry.Count: > 0 };

    /// <summary>The strokes of each digit of <see cref="number"/> when it was drawn on the pad, so the chosen digit can be saved alone; otherwise null.</summary>
    private IReadOnlyList<StrokeDrawing>? numberDrawings;

    /// <summary>What "Save as digit N" keeps: the drawing, or the chosen digit of a number drawn on the pad.</summary>
    private StrokeDrawing? DrawingToSave => number is null ? drawing : numberDrawings?[selectedDigit];

    /// <summary>
    /// The digits of <see cref="number"/> as wide as a number's digits side by side (<see cref="PreprocessedDigit.IsWiderThanADigit"/>):
    /// digits run together inside one that nothing parted.
    /// </summary>
    private IReadOnlySet<int> WideDigitsOfNumber => NumberInk is { } digits
        ? digits.Index().Where(digit => digit.Item.IsWiderThanADigit).Select(digit => digit.Index).ToHashSet()
        : new HashSet<int>();

    /// <summary>The ink of each digit of <see cref="number"/>, left to right, or null when none is read or they do not match.</summary>
    private IReadOnlyList<PreprocessedDigit>? NumberInk =>
        number is not null && previewInk is { Digits: var digits } && digits.Count == number.Digits.Count ? digits : null;

    /// <summary>Whether the ink shown, read as one digit (the drawing or image, or the chosen digit of a number), is as wide as a number's digits side by side.</summary>
    private bool ShownWiderThanADigit =>
        numberSetAside is null && (number is null ? previewInk?.IsWiderThanADigit == true : WideDigitsOfNumber.Contains(selectedDigit));

    /// <summary>The canvas shows the whole number, so a digit of it is saved without the canvas's picture.</summary>
    private Func<Task<byte[]?>>? CanvasCapture => number is null ? CaptureCanvasAsync : null;

    /// <summary>Shows <paramref name="reading"/>, the number read from <paramref name="digit"/>'s digits, and its chosen digit.</summary>
    private async Task ShowNumberAsync(PreprocessedDigit digit, NumberReading reading, CancellationToken cancellationToken, bool partedByChoice = false)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The chosen digit stays chosen when the number is read again (a stroke added, the models reloaded).
        selectedDigit = number is not null && selectedDigit < reading.Digits.Count ? selectedDigit : 0;
        (number, numberSetAside, numberPartedByChoice) = (reading, null, partedByChoice);
        numberDrawings = digit.DigitStrokes.Count == reading.Digits.Count ? digit.DigitStrokes : null;
        previewInk = digit;
        var shown = reading.Digits[selectedDigit];
        await ShowClassifiedAsync(shown.Pixels, shown.Classification, cancellationToken);
    }

    private async Task SelectDigitAsync(int index)
    {
        // While a newer drawing waits to be read, choosing a digit of the old number would cancel its reading.
        if (number is null || index == selectedDigit || index < 0 || index >= number.Digits.Count || readVersion != inputVersion)
        {
            return;
        }

        selectedDigit = index;
        var shown = number.Digits[index];
        var cancellationToken = Supersede(); // the evidence and layers of the digit chosen before
        readVersion = inputVersion;
        try
        {
            await ShowClassifiedAsync(shown.Pixels, shown.Classification, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Another digit was chosen, or the drawing changed, before its evidence was measured.
        }
    }

    /// <summary>Reads the ink shown as the person chose: as one digit, or as a number (two touching digits where the page read one).</summary>
    private async Task ChooseReadingAsync(ReadingChoice choice)
    {
        // While a newer drawing waits to be read, reading the old one again would cancel its reading.
        if (inkRead is not { } ink || choice == Chosen || readVersion != inputVersion)
        {
            return;
        }

        readingChosen = ((object?)drawing ?? imageFile) is { } input ? (input, choice) : null;
        var cancellationToken = Supersede();
        try
        {
            await ShowVerdictsAsync(ink, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The person drew on, or opened another image, before it was read.
        }
    }
}
