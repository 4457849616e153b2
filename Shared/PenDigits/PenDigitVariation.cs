using System.Numerics;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.PenDigits;

/// <summary>
/// The same pen digit as another person might have written it: turned, slanted, narrower or wider. A set of pen
/// digits shows a few people's habits; how much each model loses when the same digits are written differently shows
/// how it may fare with people it has never seen. The change is made to the pen's trajectory (raw tablet units, y
/// pointing up), before the digit is placed on the pad and preprocessed, so it goes through exactly what a drawing
/// goes through.
/// </summary>
/// <param name="Name">A short name for records and test ids ("turned-10-left").</param>
/// <param name="Description">What was changed, in words.</param>
/// <param name="Transform">The linear change of every point about the digit's centre (y pointing up).</param>
public sealed record PenDigitVariation(string Name, string Description, Matrix3x2 Transform)
{
    /// <summary>The digits as written: nothing changed.</summary>
    public static PenDigitVariation AsWritten { get; } = new("as-written", "as written", Matrix3x2.Identity);

    /// <summary>
    /// The variations measured by <c>evaluate --pen-digits FILE --variations</c>, in the order printed: turns of
    /// 10 and 20 degrees each way (a page held askew), a slant of 0.3 (about 17 degrees) each way, a digit 30 %
    /// narrower or 40 % wider than written (other proportions).
    /// </summary>
    public static IReadOnlyList<PenDigitVariation> Standard { get; } =
    [
        AsWritten,
        Turned(10),
        Turned(-10),
        Turned(20),
        Turned(-20),
        new("slanted-right", "slanted right by 0.3 (about 17 degrees)", new Matrix3x2(1, 0, 0.3f, 1, 0, 0)),
        new("slanted-left", "slanted left by 0.3 (about 17 degrees)", new Matrix3x2(1, 0, -0.3f, 1, 0, 0)),
        new("narrower", "30 % narrower", Matrix3x2.CreateScale(0.7f, 1f)),
        new("wider", "40 % wider", Matrix3x2.CreateScale(1.4f, 1f)),
    ];

    /// <summary>Turned by <paramref name="degrees"/>: anticlockwise (to the left) when positive.</summary>
    public static PenDigitVariation Turned(float degrees) => new(
        FormattableString.Invariant($"turned-{Math.Abs(degrees):0.#}-{(degrees >= 0 ? "left" : "right")}"),
        FormattableString.Invariant($"turned {Math.Abs(degrees):0.#} degrees {(degrees >= 0 ? "anticlockwise" : "clockwise")}"),
        Matrix3x2.CreateRotation(degrees * MathF.PI / 180f));

    /// <summary>The digit written this way: same label, writer and index, its points moved.</summary>
    public PenDigit ApplyTo(PenDigit digit)
    {
        if (Transform.IsIdentity)
        {
            return digit;
        }

        var bounds = PathBounds.Of(digit.Strokes);
        var centre = new Vector2(bounds.CentreX, bounds.CentreY);
        var strokes = digit.Strokes
            .Select(path => (IReadOnlyList<StrokePoint>)path.Select(point =>
            {
                var moved = Vector2.Transform(new Vector2(point.X, point.Y) - centre, Transform) + centre;
                return new StrokePoint(moved.X, moved.Y);
            }).ToArray())
            .ToArray();
        return digit with { Strokes = strokes };
    }
}
