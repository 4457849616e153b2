using System.Globalization;

namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// The marks of a number written side by side that are not digits: a minus sign before its first digit and a decimal
/// point between two of its digits ("-3.5"). Found by their shape and place in the row, among the pieces of ink too
/// small to be digits (<see cref="SideBySideParts"/>); any other piece is read as nothing.
/// </summary>
/// <param name="Negative">Whether a minus sign stands before the first digit.</param>
/// <param name="DecimalPointAfter">How many digits stand before the decimal point (1 to one less than the digits), or null for none.</param>
public sealed record NumberMarks(bool Negative, int? DecimalPointAfter)
{
    /// <summary>A number of digits alone.</summary>
    public static NumberMarks None { get; } = new(false, null);

    /// <summary>The most a point spans on either axis, as a share of the row's height (with the pen's mark).</summary>
    public const float MaxPointSize = 0.25f;

    /// <summary>A point's centre lies at least this share of the row's height below its top: on the line, not above it.</summary>
    public const float MinPointDepth = 0.65f;

    /// <summary>The most a minus sign spans upright, as a share of the row's height (with the pen's mark).</summary>
    public const float MaxMinusHeight = 0.25f;

    /// <summary>The least a minus sign spans across, as a share of the row's height and as a multiple of its own height.</summary>
    public const float MinMinusWidth = 0.2f, MinMinusFlatness = 1.5f;

    /// <summary>A minus sign's centre lies in this band of the row's height, from its top: beside the digits' middles.</summary>
    public const float MinusBandTop = 0.3f, MinusBandBottom = 0.7f;

    /// <summary>Whether a piece of ink looks like a point or a minus sign in a row of digits whose ink spans <paramref name="row"/> upright.</summary>
    public static bool LooksLikeMark(PathBounds piece, PathBounds row) => IsPoint(piece, row) || IsMinus(piece, row);

    /// <summary>
    /// The marks among <paramref name="pieces"/> (the ink that is no digit) beside <paramref name="digits"/> (left to
    /// right), all in one frame whose ink spans <paramref name="row"/>: a minus sign left of the first digit, and a
    /// decimal point when exactly one point stands between two digits. None without digits.
    /// </summary>
    public static NumberMarks Find(IReadOnlyList<PathBounds> digits, IReadOnlyList<PathBounds> pieces, PathBounds row)
    {
        if (digits.Count == 0)
        {
            return None;
        }

        var negative = pieces.Any(piece => IsMinusBefore(piece, digits[0], row));
        var pointsBetween = pieces
            .SelectMany(piece => Enumerable.Range(1, digits.Count - 1).Where(after => IsPointAfter(piece, digits, after, row)))
            .ToArray();
        int? decimalPoint = pointsBetween.Length == 1 ? pointsBetween[0] : null;
        return negative || decimalPoint is not null ? new NumberMarks(negative, decimalPoint) : None;
    }

    /// <summary>Whether a piece of ink looks like a decimal point in a row of digits whose ink spans <paramref name="row"/> upright.</summary>
    public static bool LooksLikePoint(PathBounds piece, PathBounds row) => IsPoint(piece, row);

    /// <summary>
    /// Whether <paramref name="piece"/> is one of these marks among <paramref name="digits"/> (as <see cref="Find"/> found
    /// them): a minus sign before the first digit, or a point where the decimal point stands.
    /// </summary>
    public bool Includes(PathBounds piece, IReadOnlyList<PathBounds> digits, PathBounds row)
    {
        ArgumentNullException.ThrowIfNull(digits);
        return digits.Count > 0 && ((Negative && IsMinusBefore(piece, digits[0], row))
            || (DecimalPointAfter is { } after && after < digits.Count && IsPointAfter(piece, digits, after, row)));
    }

    private static bool IsMinusBefore(PathBounds piece, PathBounds firstDigit, PathBounds row) =>
        piece.CentreX < firstDigit.MinX && IsMinus(piece, row);

    /// <summary>Whether <paramref name="piece"/> is a point between digit <paramref name="after"/> and the one before it.</summary>
    private static bool IsPointAfter(PathBounds piece, IReadOnlyList<PathBounds> digits, int after, PathBounds row) =>
        IsPoint(piece, row) && digits[after - 1].MaxX <= piece.CentreX && piece.CentreX <= digits[after].MinX;

    /// <summary>The number written with these marks around <paramref name="digits"/>, as read: "-3.5".</summary>
    public string Format(IReadOnlyList<string> digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var text = string.Concat(digits.Select((digit, i) => i == DecimalPointAfter ? "." + digit : digit));
        return Negative ? "-" + text : text;
    }

    /// <summary>The marks in words, for a sentence: "a minus sign and a decimal point after digit 1"; empty for none.</summary>
    public string Describe() => (Negative, DecimalPointAfter) switch
    {
        (false, null) => "",
        (true, null) => "a minus sign",
        (false, { } after) => string.Create(CultureInfo.InvariantCulture, $"a decimal point after digit {after}"),
        (true, { } after) => string.Create(CultureInfo.InvariantCulture, $"a minus sign and a decimal point after digit {after}"),
    };

    private static bool IsPoint(PathBounds piece, PathBounds row) =>
        piece.Width <= MaxPointSize * row.Height && piece.Height <= MaxPointSize * row.Height
        && piece.CentreY >= row.MinY + MinPointDepth * row.Height;

    private static bool IsMinus(PathBounds piece, PathBounds row) =>
        piece.Height <= MaxMinusHeight * row.Height
        && piece.Width >= Math.Max(MinMinusWidth * row.Height, MinMinusFlatness * piece.Height)
        && piece.CentreY >= row.MinY + MinusBandTop * row.Height && piece.CentreY <= row.MinY + MinusBandBottom * row.Height;
}
