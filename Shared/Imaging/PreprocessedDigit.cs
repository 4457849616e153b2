namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// What the models see for one drawing: 784 ink values (0..1, row-major 28x28) built the MNIST
/// way, or a blank verdict with the reason, plus the geometry for display (all geometry is zero
/// when blank).
/// </summary>
public sealed class PreprocessedDigit
{
    private PreprocessedDigit(float[] pixels, string? blankReason)
    {
        Pixels = pixels;
        BlankReason = blankReason;
    }

    /// <summary>True when nothing (or only noise) was drawn; never classify a blank digit.</summary>
    public bool IsBlank => BlankReason is not null;

    public string? BlankReason { get; }

    /// <summary>28x28 row-major ink, 0..1. All zero when blank.</summary>
    public float[] Pixels { get; }

    /// <summary>The ink's bounding box in the source image (what was cropped).</summary>
    public PixelBox SourceBounds { get; private set; }

    /// <summary>Output pixels per source pixel: 20 / the longer side of <see cref="SourceBounds"/>.</summary>
    public float Scale { get; private set; }

    /// <summary>Where the scaled crop was placed inside the 28x28 frame.</summary>
    public PixelBox FittedBounds { get; private init; }

    /// <summary>
    /// How far centring by mass moved the scaled crop from the frame's geometric centre, in 28x28
    /// pixels (positive = right / down).
    /// </summary>
    public float MassShiftX { get; private init; }

    /// <inheritdoc cref="MassShiftX"/>
    public float MassShiftY { get; private init; }

    /// <summary>The output's intensity centre of mass in pixel-index coordinates (MNIST puts it within 0.5 of 14).</summary>
    public float CenterOfMassX { get; private init; }

    /// <inheritdoc cref="CenterOfMassX"/>
    public float CenterOfMassY { get; private init; }

    /// <summary>
    /// How many parts of the ink stand side by side as the digits of a number do (<see cref="Imaging.SideBySideParts"/>):
    /// 1 for a digit, 2 or more for what looks like several digits written in a row, 0 when blank.
    /// </summary>
    public int SideBySideParts { get; private set; }

    /// <summary>True when the ink looks like several digits side by side, which the models cannot read as one.</summary>
    public bool LooksLikeSeveralDigits => SideBySideParts > 1;

    /// <summary>How many times as wide as tall ink read as one digit is when it may well be a number (<see cref="IsWiderThanADigit"/>).</summary>
    public const double WiderThanADigitRatio = 1.3;

    /// <summary>
    /// True when the ink, read as one digit, is at least <see cref="WiderThanADigitRatio"/> times as wide as it is tall:
    /// few digits are, so it may be a number whose digits run together, overlap or were written in one stroke.
    /// </summary>
    public bool IsWiderThanADigit =>
        SideBySideParts == 1 && Digits.Count == 0 && FittedBounds.Width >= WiderThanADigitRatio * FittedBounds.Height;

    /// <summary>
    /// When the ink looks like several digits side by side (at most <see cref="Imaging.SideBySideParts.MostDigitsRead"/>),
    /// each of them preprocessed on its own, left to right, to be read one by one as a number; a digit after a minus sign
    /// ("-4"), drawn or in an image, is such a number too (the digit alone then fills the whole image); otherwise empty.
    /// </summary>
    public IReadOnlyList<PreprocessedDigit> Digits { get; private set; } = [];

    /// <summary>
    /// Of ink read as one digit (an image's, or a drawing's standing alone), or of one of the widest digits of a number,
    /// when it is wide for one digit (<see cref="TouchingCuts.MinWidthRatio"/>; a drawing's strokes in two groups from
    /// <see cref="TouchingCuts.MinWidthRatioDrawn"/>): the cuts into two touching digits worth reading
    /// (<see cref="TouchingCuts"/>), left to right; otherwise none.
    /// </summary>
    public IReadOnlyList<TouchingCut> CutsToTry { get; private set; } = [];

    /// <summary>
    /// True when ink that stood as one piece (the whole, or a digit of a number) was cut in two where two digits touch
    /// (<see cref="CutInTwo"/>, <see cref="WithDigitsParted"/>).
    /// </summary>
    public bool PartedWhereTouching { get; private set; }

    /// <summary>This image read as the two digits either side of <paramref name="cut"/>, one of its <see cref="CutsToTry"/>.</summary>
    public PreprocessedDigit CutInTwo(TouchingCut cut)
    {
        ArgumentNullException.ThrowIfNull(cut);
        if (!CutsToTry.Contains(cut))
        {
            throw new ArgumentException("The cut is not one of this image's cuts to try.", nameof(cut));
        }

        return Parted([cut.Left, cut.Right], NumberMarks.None, cut.SideStrokes);
    }

    /// <summary>
    /// This number with its <see cref="Digits"/> replaced by <paramref name="digits"/>, where some that stood as one piece
    /// were cut in two (each by <see cref="CutInTwo"/>), and its <paramref name="marks"/> placed among them; drawn, with
    /// each digit's <paramref name="strokes"/>.
    /// </summary>
    internal PreprocessedDigit WithDigitsParted(IReadOnlyList<PreprocessedDigit> digits, NumberMarks marks, IReadOnlyList<StrokeDrawing> strokes)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(strokes);
        if (Digits.Count == 0 || digits.Count <= Digits.Count)
        {
            throw new ArgumentException("A number's digits parted are more than its digits.", nameof(digits));
        }

        return Parted(digits, marks, strokes);
    }

    /// <summary>This ink read as the number of <paramref name="digits"/>, some of them parted where they touched.</summary>
    private PreprocessedDigit Parted(IReadOnlyList<PreprocessedDigit> digits, NumberMarks marks, IReadOnlyList<StrokeDrawing> strokes)
    {
        if (digits.Any(digit => digit.IsBlank))
        {
            throw new ArgumentException("A digit parted where it touched has too little ink to read.", nameof(digits));
        }

        if (strokes.Count != 0 && strokes.Count != digits.Count)
        {
            throw new ArgumentException($"A number of {digits.Count} digits parted has strokes for {strokes.Count}.", nameof(strokes));
        }

        return With(parted =>
        {
            (parted.Digits, parted.Marks, parted.DigitStrokes, parted.SideBySideParts) = (digits, marks, strokes, digits.Count);
            (parted.CutsToTry, parted.PartedWhereTouching) = ([], true);
        });
    }

    /// <summary>This digit with <paramref name="cuts"/> to try.</summary>
    internal PreprocessedDigit WithCutsToTry(IReadOnlyList<TouchingCut> cuts)
    {
        return cuts.Count == 0 ? this : With(withCuts => withCuts.CutsToTry = cuts);
    }

    /// <summary>The marks of the number around <see cref="Digits"/> (a minus sign, a decimal point); none without <see cref="Digits"/>.</summary>
    public NumberMarks Marks { get; private set; } = NumberMarks.None;

    /// <summary>
    /// When <see cref="Digits"/> were drawn, each one's strokes on the drawing's canvas, left to right (so a digit of a
    /// number can be kept alone); empty for an image or a single digit.
    /// </summary>
    public IReadOnlyList<StrokeDrawing> DigitStrokes { get; private set; } = [];

    /// <summary>
    /// Of a drawing, which of its strokes (their indexes in the drawing) stand apart as stray ink, in no digit and no mark
    /// of a number (a tap of the pen, a short dash beside the digits: <see cref="Imaging.SideBySideParts.SplitInRow"/>),
    /// and are in no image the models see; none for an image.
    /// </summary>
    public IReadOnlyList<int> StrokesLeftOut { get; private set; } = [];

    /// <summary>This digit, drawn with <paramref name="strokesLeftOut"/> besides, strokes that the models do not see.</summary>
    internal PreprocessedDigit WithStrokesLeftOut(IReadOnlyList<int> strokesLeftOut)
    {
        return strokesLeftOut.Count == 0 ? this : With(withStrays => withStrays.StrokesLeftOut = strokesLeftOut);
    }

    /// <summary>
    /// This digit as it lies in the larger image it was cropped from, whose crop began at (<paramref name="x"/>,
    /// <paramref name="y"/>) and was reduced by averaging <paramref name="block"/> by <paramref name="block"/> pixels into one.
    /// </summary>
    internal PreprocessedDigit MovedBy(int x, int y, int block = 1) => With(moved =>
    {
        moved.SourceBounds = new PixelBox(x + SourceBounds.X * block, y + SourceBounds.Y * block, SourceBounds.Width * block, SourceBounds.Height * block);
        moved.Scale = Scale / block;
    });

    /// <summary>A copy of this digit with <paramref name="change"/> made to it; this digit stays as it is.</summary>
    private PreprocessedDigit With(Action<PreprocessedDigit> change)
    {
        var copy = (PreprocessedDigit)MemberwiseClone();
        change(copy);
        return copy;
    }

    /// <summary>
    /// This digit with <paramref name="digits"/>, the digits side by side in its ink, left to right, and the number's
    /// <paramref name="marks"/> (and, drawn, each digit's <paramref name="strokes"/>); unchanged when there are fewer than
    /// two digits (but for one after a minus sign) or one of them has too little ink to read (a number with a digit left
    /// out would be read wrong).
    /// </summary>
    internal PreprocessedDigit WithDigits(IEnumerable<PreprocessedDigit> digits, NumberMarks marks, IReadOnlyList<StrokeDrawing>? strokes = null)
    {
        var parts = digits.ToArray();
        if (parts.Length < (marks.Negative ? 1 : 2) || parts.Any(digit => digit.IsBlank))
        {
            return this;
        }

        return With(withDigits => (withDigits.Digits, withDigits.Marks, withDigits.DigitStrokes) = (parts, marks, strokes ?? []));
    }

    public static PreprocessedDigit Blank(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new PreprocessedDigit(new float[MnistGeometry.PixelCount], reason);
    }

    internal static PreprocessedDigit Fitted(
        float[] pixels, PixelBox sourceBounds, float scale, PixelBox fittedBounds,
        float massShiftX, float massShiftY, float centerOfMassX, float centerOfMassY, int sideBySideParts) =>
        new(pixels, blankReason: null)
        {
            SourceBounds = sourceBounds,
            Scale = scale,
            FittedBounds = fittedBounds,
            MassShiftX = massShiftX,
            MassShiftY = massShiftY,
            CenterOfMassX = centerOfMassX,
            CenterOfMassY = centerOfMassY,
            SideBySideParts = sideBySideParts,
        };
}
