namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// Where an image's ink read as one digit but wide for one (<see cref="MinWidthRatio"/>) may be cut into two digits that
/// touch: the columns that hold the least ink near them, each cut straight down. Which cut (if any)
/// parts two digits is not something the ink alone can tell (a 0 cut down its middle leaves two strokes much like 1s):
/// the models read both sides of each cut, and <see cref="Inference.TouchingDigitsReading"/> decides.
/// </summary>
public static class TouchingCuts
{
    /// <summary>
    /// How many times as wide as tall an image's ink read as one digit is at least for cuts to be tried: less than
    /// <see cref="PreprocessedDigit.WiderThanADigitRatio"/>, as two touching digits are often narrower together (a 1
    /// beside a digit) and the models' reading, not the width, tells a wide digit from two.
    /// </summary>
    public const double MinWidthRatio = 1.1;

    /// <summary>The most parts of a number whose cuts are tried (its widest): each costs the models up to eight more images.</summary>
    public const int MostPartsCut = 3;

    /// <summary>The most cuts tried in one piece of ink: each costs the models two more images to read.</summary>
    public const int MostCutsTried = 4;

    /// <summary>
    /// The tallest ink (in pixels) whose cuts are fitted from the ink as it is: taller ink, from a large photo, is first
    /// reduced by averaging whole blocks of pixels, which bounds the work of fitting its sides.
    /// </summary>
    public const int MaxCutHeight = 512;

    /// <summary>How wide either side of a cut is at least, as a share of the ink's height (a 1 is narrow).</summary>
    public const double MinSideShare = 0.1;

    /// <summary>
    /// The columns (from the left of <paramref name="bounds"/>) to cut the ink inside it at, fewest ink first: where the
    /// columns' ink, each averaged with its neighbours, is least locally, at most <see cref="MostCutsTried"/> and each
    /// <see cref="MinSideShare"/> of the height from the others and from either end.
    /// </summary>
    public static IReadOnlyList<int> Columns(ReadOnlySpan<float> ink, int width, PixelBox bounds, float noiseLevel)
    {
        var apart = Math.Max(1, (int)Math.Ceiling(MinSideShare * bounds.Height));
        if (bounds.Width < 2 * apart + 1)
        {
            return [];
        }

        var columnInk = new double[bounds.Width];
        for (var y = bounds.Y; y < bounds.Bottom; y++)
        {
            var row = ink.Slice(y * width + bounds.X, bounds.Width);
            for (var x = 0; x < row.Length; x++)
            {
                columnInk[x] += row[x] > noiseLevel ? row[x] : 0;
            }
        }

        var smoothed = Enumerable.Range(0, bounds.Width)
            .Select(x => (columnInk[Math.Max(0, x - 1)] + columnInk[x] + columnInk[Math.Min(bounds.Width - 1, x + 1)]) / 3)
            .ToArray();
        var least = Enumerable.Range(apart, bounds.Width - 2 * apart)
            .Where(x => smoothed[x] <= smoothed[x - 1] && smoothed[x] <= smoothed[x + 1])
            .OrderBy(x => smoothed[x]).ThenBy(x => Math.Abs(x - bounds.Width / 2));
        var chosen = new List<int>(MostCutsTried);
        foreach (var column in least)
        {
            if (chosen.All(other => Math.Abs(other - column) >= apart))
            {
                chosen.Add(column);
                if (chosen.Count == MostCutsTried)
                {
                    break;
                }
            }
        }

        return chosen;
    }
}

/// <summary>Ink read as one digit cut into two at <paramref name="Column"/> of its source: each side as the models see it.</summary>
public sealed record TouchingCut(int Column, PreprocessedDigit Left, PreprocessedDigit Right);
