using System.Globalization;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Inference;

/// <summary>One digit of a number read digit by digit: the 28x28 image the models saw of it and their verdicts.</summary>
public sealed record DigitOfNumber(float[] Pixels, DigitClassification Classification)
{
    /// <summary>The digit read (<see cref="DigitClassification.ConsensusDigit"/>), or null when no model answered.</summary>
    public int? Digit => Classification.ConsensusDigit;

    /// <summary>How sure the reading is (<see cref="DigitClassification.ConsensusConfidence"/>).</summary>
    public float? Confidence => Classification.ConsensusConfidence;
}

/// <summary>
/// Several digits written side by side read as a number: each digit classified by every model on its own, left to
/// right, with the number's marks found around them (a minus sign, a decimal point). The models read one digit at a
/// time; this is how they read "42" and "-3.5".
/// </summary>
public sealed record NumberReading(IReadOnlyList<DigitOfNumber> Digits, NumberMarks Marks)
{
    /// <summary>The number as read, "42" or "-3.5"; a digit no model could answer is "?".</summary>
    public string Text => Marks.Format(Digits.Select(d => d.Digit?.ToString(CultureInfo.InvariantCulture) ?? "?").ToArray());

    /// <summary>How many of its digits most models find unlike the digits they learned (<see cref="DigitClassification.IsUnfamiliar"/>).</summary>
    public int UnfamiliarDigits => Digits.Count(d => d.Classification.IsUnfamiliar);

    /// <summary>
    /// Classifies each of <paramref name="digits"/> (28x28 images, left to right) with every model, all at once so
    /// that the server can run them as one batch; <paramref name="marks"/> were found around them.
    /// </summary>
    public static async Task<NumberReading> ReadAsync(
        IDigitClassifier classifier, IReadOnlyList<float[]> digits, NumberMarks marks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentNullException.ThrowIfNull(marks);
        var classifications = await Task.WhenAll(digits.Select(pixels => classifier.ClassifyAsync(pixels, cancellationToken)));
        return new NumberReading(digits.Zip(classifications, (pixels, classification) => new DigitOfNumber(pixels, classification)).ToArray(), marks);
    }

    /// <summary>Reads the digits of <paramref name="number"/> (<see cref="PreprocessedDigit.Digits"/>) with its marks.</summary>
    public static Task<NumberReading> ReadAsync(IDigitClassifier classifier, PreprocessedDigit number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(number);
        return ReadAsync(classifier, number.Digits.Select(d => d.Pixels).ToArray(), number.Marks, cancellationToken);
    }
}
