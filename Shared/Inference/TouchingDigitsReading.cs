using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Inference;

/// <summary>
/// Ink read as one digit but wide for one (an image's or a drawing's, or a digit of a number), read again as two touching
/// digits: the models read both sides of each of its <see cref="PreprocessedDigit.CutsToTry"/>, and a cut is read surely
/// enough when they are sure of both sides (<see cref="MinSideConfidence"/>) and of its less sure side surer than of the
/// whole as one digit (by <see cref="MinMarginOverWhole"/>). A wide single digit read well whole keeps its
/// reading: cut down the middle, a 0 leaves two strokes much like 1s, but the models are seldom surer of them than of
/// the 0. A cut by a drawing's strokes (<see cref="TouchingCut.ByStrokes"/>: its strokes in two groups standing in a row
/// as digits do, or parted without a run of the pen crossing between sides in a row) needs no margin over the whole
/// when the models are sure of both sides: two digits drawn across each other, or written without lifting the pen,
/// often read as one digit just as surely. Such a cut read less surely, down to <see cref="MinSideConfidenceByStrokes"/>,
/// is taken when both its sides together say more than the whole and neither is read much less surely than the whole
/// (<see cref="MostSideDoubtBeyondWhole"/>): an open 4 drawn in two strokes is also two groups in a row, but read
/// surely as a 4. An image's ink wider than a digit (<see cref="PreprocessedDigit.IsWiderThanADigit"/>) needs no margin
/// either when both sides are read very surely (<see cref="MinSideConfidenceOfWideImage"/>) and together say more than
/// the whole. Of the cuts read surely enough, the one whose sides say most together is taken
/// (the sum of their log-odds); one leaving neither side as wide as two digits is preferred to one that does, and at a
/// column where the pen's run can be left out, that cut to the straight one.
/// </summary>
public static class TouchingDigitsReading
{
    /// <summary>How sure the models are, at least, of each side of a cut taken (the ensemble's probability).</summary>
    public const float MinSideConfidence = 0.9f;

    /// <summary>How much surer the models are, at least, of a cut's less sure side than of the whole read as one digit.</summary>
    public const float MinMarginOverWhole = 0.05f;

    /// <summary>
    /// How sure the models are, at least, of each side of a cut by a drawing's strokes read less surely than
    /// <see cref="MinSideConfidence"/>, which is then taken only when both sides together say more than the whole
    /// (the sum of their log-odds more than the whole's) and neither is read much less surely than the whole
    /// (<see cref="MostSideDoubtBeyondWhole"/>).
    /// </summary>
    public const float MinSideConfidenceByStrokes = 0.6f;

    /// <summary>
    /// How sure the models are, at least, of each side of a cut of an image's ink wider than a digit
    /// (<see cref="PreprocessedDigit.IsWiderThanADigit"/>), which is then taken without the margin over the whole when
    /// both sides together say more than the whole (the sum of their log-odds more than the whole's): few single digits
    /// are that wide, and two digits that overlap or touch are often read as one almost as surely as apart.
    /// </summary>
    public const float MinSideConfidenceOfWideImage = 0.97f;

    /// <summary>
    /// How much less surely, at most, the models read a side of a cut by the strokes read less surely than
    /// <see cref="MinSideConfidence"/> than they read the whole: an open 4 drawn in two strokes, read surely whole, leaves
    /// sides whose readings together can say more than the whole's, but one of them read far less surely.
    /// </summary>
    public const float MostSideDoubtBeyondWhole = 0.1f;

    /// <summary>
    /// How a preprocessed drawing or image is read as a number: its digits when they stand apart or follow a minus sign
    /// (<see cref="ReadNumberAsync"/>), else, when its ink is wide for one digit, the two touching digits the models read
    /// surely (<see cref="ReadAsync"/>, against <paramref name="whole"/>, the models' reading of the whole, asked for only
    /// then); null when it is read as one digit.
    /// </summary>
    public static async Task<(PreprocessedDigit Number, NumberReading Reading)?> ReadAsNumberAsync(
        IDigitClassifier classifier, PreprocessedDigit ink, Func<Task<DigitClassification>> whole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(whole);
        if (ink.Digits.Count > 0)
        {
            return await ReadNumberAsync(classifier, ink, cancellationToken);
        }

        return ink.CutsToTry.Count == 0 ? null : await ReadAsync(classifier, ink, await whole(), cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadAsNumberAsync"/>, then, when that reads one digit and <paramref name="twoDigitsAsked"/> (the person
    /// says the ink holds two), <see cref="ReadAsTwoAsync"/>: <c>PartedByChoice</c> says the number is that choice's.
    /// Asked for two digits, the models read each cut once for both.
    /// </summary>
    public static async Task<(PreprocessedDigit Number, NumberReading Reading, bool PartedByChoice)?> ReadAsAskedAsync(
        IDigitClassifier classifier, PreprocessedDigit ink, Func<Task<DigitClassification>> whole, bool twoDigitsAsked, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(whole);
        if (!twoDigitsAsked || ink.Digits.Count > 0)
        {
            return await ReadAsNumberAsync(classifier, ink, whole, cancellationToken) is var (number, reading) ? (number, reading, false) : null;
        }

        if (ink.CutsToTry.Count == 0)
        {
            return null;
        }

        // Every cut is read once: the sure reading takes from them as ReadAsync would, the person's choice from all.
        var read = await ReadCutsAsync(classifier, ink.CutsToTry, cancellationToken);
        return TakeSurely(ink, await whole(), read) is var (sure, sureReading) ? (sure, sureReading, false)
            : TakeAsAsked(ink, read) is var (parted, partedReading) ? (parted, partedReading, true)
            : null;
    }

    /// <summary>
    /// The two digits that <paramref name="ink"/> (read as one digit: <paramref name="whole"/>) holds touching, as a
    /// number of two digits and its reading; null when it has no cuts to try or no cut is read surely enough.
    /// </summary>
    public static async Task<(PreprocessedDigit Number, NumberReading Reading)?> ReadAsync(
        IDigitClassifier classifier, PreprocessedDigit ink, DigitClassification whole, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(ink);
        ArgumentNullException.ThrowIfNull(whole);
        var cuts = ink.CutsToTry.Where(cut => CouldBeTaken(cut, ink, whole)).ToArray();
        // Nothing to cut, or no cut could be read surer than the whole by the margin: nothing to ask the models.
        return cuts.Length == 0 ? null : TakeSurely(ink, whole, await ReadCutsAsync(classifier, cuts, cancellationToken));
    }

    /// <summary>Whether a cut could be read surely enough, before its sides are read: not one that needs a margin over a whole read too surely for any.</summary>
    private static bool CouldBeTaken(TouchingCut cut, PreprocessedDigit ink, DigitClassification whole) =>
        !NeedsMarginOverWhole(cut, ink.IsWiderThanADigit) || (whole.ConsensusConfidence ?? 0f) < 1f - MinMarginOverWhole;

    /// <summary>Of <paramref name="read"/> cuts of <paramref name="ink"/>, the one <see cref="ReadAsync"/> takes; null when none is read surely enough.</summary>
    private static (PreprocessedDigit Number, NumberReading Reading)? TakeSurely(
        PreprocessedDigit ink, DigitClassification whole, IEnumerable<(TouchingCut Cut, NumberReading Reading, double Evidence)> read)
    {
        var sureOfWhole = whole.ConsensusConfidence ?? 0f;
        var (widerThanADigit, wholeEvidence) = (ink.IsWiderThanADigit, LogOdds(sureOfWhole));
        // A side most models find unlike any digit they learned is no digit, however sure they are of it; but for a cut
        // without the pen's run, whose sides keep the run's ends and can look so while their digits are real.
        var readSurely = read
            .Where(cut => CouldBeTaken(cut.Cut, ink, whole)
                && IsSureEnough(cut.Cut, LessSureSide(cut.Reading), cut.Evidence, sureOfWhole, wholeEvidence, widerThanADigit)
                && (cut.Cut.Kind == TouchingCutKind.WithoutRunOn || !HasUnfamiliarSide(cut.Reading)))
            .ToArray();
        return Preferred(readSurely) is { } taken ? (ink.CutInTwo(taken.Cut), taken.Reading) : null;
    }

    /// <summary>
    /// <paramref name="ink"/>, which the models read as one digit, read as two touching digits because the person says it
    /// holds two: of all its <see cref="PreprocessedDigit.CutsToTry"/>, however unsure the models are of the sides, the
    /// one <see cref="ReadAsync"/> would prefer, sides unlike any learned digit last; null when it has no cuts to try.
    /// </summary>
    public static async Task<(PreprocessedDigit Number, NumberReading Reading)?> ReadAsTwoAsync(
        IDigitClassifier classifier, PreprocessedDigit ink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(ink);
        return TakeAsAsked(ink, await ReadCutsAsync(classifier, ink.CutsToTry, cancellationToken));
    }

    /// <summary>Of <paramref name="read"/> cuts of <paramref name="ink"/>, the one <see cref="ReadAsTwoAsync"/> takes; null when there are none.</summary>
    private static (PreprocessedDigit Number, NumberReading Reading)? TakeAsAsked(
        PreprocessedDigit ink, IReadOnlyList<(TouchingCut Cut, NumberReading Reading, double Evidence)> read)
    {
        var familiar = read.Where(cut => !HasUnfamiliarSide(cut.Reading)).ToArray();
        return Preferred(familiar.Length > 0 ? familiar : read) is { } taken ? (ink.CutInTwo(taken.Cut), taken.Reading) : null;
    }

    /// <summary>Each of <paramref name="cuts"/> with the models' reading of its two sides as a number, and their <see cref="Evidence"/>.</summary>
    private static async Task<(TouchingCut Cut, NumberReading Reading, double Evidence)[]> ReadCutsAsync(
        IDigitClassifier classifier, IReadOnlyList<TouchingCut> cuts, CancellationToken cancellationToken)
    {
        var readings = await Task.WhenAll(cuts.Select(cut =>
            NumberReading.ReadAsync(classifier, [cut.Left.Pixels, cut.Right.Pixels], NumberMarks.None, cancellationToken)));
        return cuts.Select((cut, i) => (cut, readings[i], Evidence(readings[i]))).ToArray();
    }

    /// <summary>Of cuts read surely enough (or all, when the person says the ink holds two digits), the one taken; null when none.</summary>
    private static (TouchingCut Cut, NumberReading Reading, double Evidence)? Preferred(IReadOnlyList<(TouchingCut Cut, NumberReading Reading, double Evidence)> cuts)
    {
        // A straight cut through the pen's run keeps its pieces on both sides, where they pass for a digit's stroke (a 9's
        // tail closed into an 8): where the cut without the run at the same column is among them, that one is meant.
        var meant = cuts.Where(cut => cut.Cut.Kind != TouchingCutKind.Straight
            || !cuts.Any(other => other.Cut.Column == cut.Cut.Column && other.Cut.Kind == TouchingCutKind.WithoutRunOn)).ToArray();
        // A side as wide as two digits has likely taken part of the other digit, however sure the models are of it.
        return meant.Length == 0 ? null
            : meant.OrderByDescending(cut => !TouchingCuts.IsWideForOne(cut.Cut.Left) && !TouchingCuts.IsWideForOne(cut.Cut.Right))
                .ThenByDescending(cut => cut.Evidence).First();
    }

    private static bool HasUnfamiliarSide(NumberReading reading) => reading.Digits.Any(side => side.Classification.IsUnfamiliar);

    /// <summary>
    /// Whether a cut is taken only when its less sure side is read surer than the whole by <see cref="MinMarginOverWhole"/>:
    /// a straight cut, but for one of an image's ink wider than a digit (a drawing's wide ink is cut by its strokes, which
    /// say more than its width).
    /// </summary>
    private static bool NeedsMarginOverWhole(TouchingCut cut, bool widerThanADigit) => !cut.ByStrokes && !(widerThanADigit && cut.OfImage);

    /// <summary>
    /// Whether a cut of ink <paramref name="widerThanADigit"/> or not, whose less sure side the models read
    /// <paramref name="sure"/>, and both sides with <paramref name="evidence"/> (<see cref="Evidence"/>; the whole with
    /// <paramref name="wholeEvidence"/>), is read surely enough to take.
    /// </summary>
    private static bool IsSureEnough(TouchingCut cut, float sure, double evidence, float sureOfWhole, double wholeEvidence, bool widerThanADigit) =>
        cut.ByStrokes
            ? sure >= MinSideConfidence
                || (sure >= MinSideConfidenceByStrokes && sureOfWhole - sure < MostSideDoubtBeyondWhole && evidence > wholeEvidence)
            : (sure >= MinSideConfidence && sure - sureOfWhole > MinMarginOverWhole)
                || (!NeedsMarginOverWhole(cut, widerThanADigit) && sure >= MinSideConfidenceOfWideImage && evidence > wholeEvidence);

    /// <summary>
    /// Reads the digits of <paramref name="number"/> (<see cref="PreprocessedDigit.Digits"/>) as a number, as
    /// <see cref="NumberReading.ReadAsync(IDigitClassifier, PreprocessedDigit, CancellationToken)"/> does, but a digit
    /// with cuts to try that the models read surely as two touching digits (<see cref="ReadAsync"/>) counts as those
    /// two; the number is then <paramref name="number"/> with its digits parted, its decimal point still after the
    /// same digits.
    /// </summary>
    public static async Task<(PreprocessedDigit Number, NumberReading Reading)> ReadNumberAsync(
        IDigitClassifier classifier, PreprocessedDigit number, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(number);
        var reading = await NumberReading.ReadAsync(classifier, number, cancellationToken);
        if (number.Digits.All(digit => digit.CutsToTry.Count == 0))
        {
            return (number, reading);
        }

        var parted = await Task.WhenAll(number.Digits.Select((digit, i) => ReadAsync(classifier, digit, reading.Digits[i].Classification, cancellationToken)));
        if (parted.All(p => p is null))
        {
            return (number, reading);
        }

        var (digits, read, pointAfter) = (new List<PreprocessedDigit>(), new List<DigitOfNumber>(), number.Marks.DecimalPointAfter);
        var strokes = new List<StrokeDrawing>();
        for (var i = 0; i < parted.Length; i++)
        {
            if (parted[i] is var (two, twoRead))
            {
                digits.AddRange(two.Digits);
                read.AddRange(twoRead.Digits);
                strokes.AddRange(two.DigitStrokes);
                pointAfter += number.Marks.DecimalPointAfter > i ? 1 : 0; // a digit before the point
            }
            else
            {
                digits.Add(number.Digits[i]);
                read.Add(reading.Digits[i]);
                strokes.AddRange(number.DigitStrokes.Skip(i).Take(1));
            }
        }

        var marks = number.Marks with { DecimalPointAfter = pointAfter };
        return (number.WithDigitsParted(digits, marks, strokes.Count == digits.Count ? strokes : []), new NumberReading(read, marks));
    }

    /// <summary>
    /// How strongly the models read both sides as their digits: the sum of each side's log-odds, so that a side read
    /// 99.99 % sure counts for more than one read 99 % sure, where the probabilities themselves hardly differ.
    /// </summary>
    private static double Evidence(NumberReading reading) => reading.Digits.Sum(digit => LogOdds(digit.Confidence ?? 0f));

    private static double LogOdds(float probability)
    {
        var p = Math.Clamp(probability, 1e-7, 1 - 1e-7); // a float probability of 1 is as sure as float says, not infinitely
        return Math.Log(p / (1 - p));
    }

    private static float LessSureSide(NumberReading reading) =>
        reading.Digits.Min(digit => digit.Digit is null ? 0f : digit.Confidence ?? 0f);
}
