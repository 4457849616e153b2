using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>MnistBlazor.Server benchmark-several-digits</c>: how often <see cref="SideBySideParts"/> takes one digit for
/// several (every real pen digit drawn on the pad, every MNIST test image) and how often it finds two pen digits
/// drawn side by side on the pad, their marks overlapping by 15 %, 10 % or 5 % of their height, touching, or with gaps
/// of 5 %, 10 %, 25 % and 50 % of it between them, as drawn and as an image of the pad; these need no model. With the
/// ensemble trained, it also reads each pair, touching and with the gap a person leaves, also with a decimal point or a
/// minus sign (<see cref="NumberMarks"/>), as a number (<see cref="NumberReading"/>), the pairs drawn across each other
/// or without lifting the pen (its run between them straight or bent), and the touching pairs as images too, and
/// numbers of three digits whose last two touch, as images, or are drawn across each other or without lifting the pen,
/// with and without the models parting touching digits (<see cref="TouchingDigitsReading"/>), which it also counts
/// among single digits (pen digits drawn, also 1.5 and 2 times as wide, and as images, MNIST test images, and 400 open
/// 4s drawn in two strokes and in one); and sets that beside reading the digits alone; with <c>--photos</c>, also photographed on
/// each kind of page of <see cref="PhotoBenchmark"/>, written close together, with the usual gap and with a decimal point.
/// </summary>
public static class SeveralDigitsBenchmark
{
    public const string Verb = "benchmark-several-digits";

    private static readonly float[] Gaps = [-0.15f, -0.1f, -0.05f, 0f, 0.05f, 0.1f, 0.25f, 0.5f];

    /// <summary>The gap between a photographed pair's digits written close together, as a share of their height.</summary>
    private const float CloseGap = 0.05f;

    /// <summary>A decimal point between a pair's two digits ("4.2").</summary>
    private static readonly NumberMarks DecimalPoint = new(false, 1);

    /// <summary>The height of a pair's second digit, as a share of the first's, when it is written smaller.</summary>
    private const float SmallerSecond = 0.8f;

    /// <summary>The option that also photographs every pair on each kind of page of <see cref="PhotoBenchmark"/> (slow: minutes).</summary>
    public const string PhotosOption = "--photos";

    /// <summary>The pen the photographed digits are written with, as <see cref="PhotoBenchmark"/>'s default.</summary>
    private const float PhotoPen = 16;

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Any(a => a != PhotosOption))
        {
            output.WriteLine($"Unknown argument: {args.First(a => a != PhotosOption)}; the only option is {PhotosOption}.");
            return 2;
        }

        if (PenDigitsForCommands.ReadOrExplain(services, output, "No pen digits") is not { Set: { } set })
        {
            return 1;
        }

        var digits = set.Digits;
        var mistaken = digits.Where(d => DigitPreprocessor.Preprocess(d.ToDrawing()).LooksLikeSeveralDigits).ToArray();
        var which = mistaken.Length == 0 ? "" : $" ({string.Join(", ", mistaken.Select(d => $"#{d.Index}: {d.Label}"))})";
        var strokesLeftOut = digits.Where(d => SideBySideParts.Split(d.ToDrawing()) is [var alone] && alone.Strokes.Count < d.Strokes.Count).ToArray();
        var whichLeftOut = strokesLeftOut.Length == 0 ? "" : $" ({string.Join(", ", strokesLeftOut.Select(d => $"#{d.Index}: {d.Label}"))})";
        var negative = digits.Count(d => SideBySideParts.SplitInRow(d.ToDrawing()).Marks.Negative);
        var wide = digits.Count(d => DigitPreprocessor.Preprocess(d.ToDrawing()).IsWiderThanADigit);
        output.WriteLine($"{digits.Count} real pen digits from {set.SourceName}, one at a time on the pad: {mistaken.Length} taken for several digits{which}, {strokesLeftOut.Length} with a stroke left out as stray ink{whichLeftOut}, {negative} read after a minus sign, {wide} wider than a digit");
        var mistakenInImage = digits.Where(d => AsImageOfThePad(d.ToDrawing()).LooksLikeSeveralDigits).ToArray();
        var whichInImage = mistakenInImage.Length == 0 ? "" : $" ({string.Join(", ", mistakenInImage.Select(d => $"#{d.Index}: {d.Label}"))})";
        output.WriteLine($"The same as images of the pad: {mistakenInImage.Length} taken for several digits{whichInImage}");

        if (services.GetRequiredService<IMnistTestSet>().Images is { } mnist)
        {
            var read = Enumerable.Range(0, mnist.Count).Select(i => DigitPreprocessor.Preprocess(new GrayImage(28, 28, mnist.ImageAsFloats(i)))).ToArray();
            var mistakenMnist = Enumerable.Range(0, mnist.Count).Where(i => read[i].LooksLikeSeveralDigits).ToArray();
            var signedMnist = Enumerable.Range(0, mnist.Count).Where(i => read[i].Marks.Negative).ToArray();
            var wideMnist = Enumerable.Range(0, mnist.Count).Where(i => read[i].IsWiderThanADigit).ToArray();
            output.WriteLine($"{mnist.Count} MNIST test images: {mistakenMnist.Length} taken for several digits{TheFirst(mistakenMnist)}, {signedMnist.Length} read after a minus sign{TheFirst(signedMnist)}, {wideMnist.Length} wider than a digit{TheFirst(wideMnist)}");

            string TheFirst(int[] images) => images.Length == 0 ? "" : $" (the first: {string.Join(", ", images.Take(20).Select(i => $"#{i}: {mnist.Labels![i]}"))})";
        }
        else
        {
            output.WriteLine($"MNIST test set not measured: {services.GetRequiredService<IMnistTestSet>().UnavailableReason}");
        }

        foreach (var gap in Gaps)
        {
            var (found, foundInImage, wideInImage) = (0, 0, 0);
            for (var i = 0; i < digits.Count; i++)
            {
                var pair = SideBySide(digits[i], Partner(digits, i), gap);
                found += DigitPreprocessor.Preprocess(pair).SideBySideParts == 2 ? 1 : 0;
                var image = AsImageOfThePad(pair);
                foundInImage += image.SideBySideParts == 2 ? 1 : 0;
                wideInImage += image.IsWiderThanADigit ? 1 : 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} pairs of pen digits side by side, {Spacing(gap)}: {found} found as two ({found / (double)digits.Count:0.0%}); as an image of the pad: {foundInImage} ({foundInImage / (double)digits.Count:0.0%}), and {wideInImage} of the others said to be wider than a digit"));
        }

        var smallerFound = Enumerable.Range(0, digits.Count)
            .Count(i => DigitPreprocessor.Preprocess(SideBySide(digits[i], Partner(digits, i), gap: 0, SmallerSecond)).SideBySideParts == 2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{digits.Count} pairs of pen digits side by side, {Spacing(0)}, the second {SmallerSecond:0%} as tall on the same baseline: {smallerFound} found as two ({smallerFound / (double)digits.Count:0.0%})"));

        ReadPairs(services.GetRequiredService<OnnxDigitClassifier>(), digits, services.GetRequiredService<IMnistTestSet>().Images, args.Contains(PhotosOption), output);
        return 0;
    }

    /// <summary>A drawing read as an image of the pad would be (its PNG uploaded): its strokes tell nothing apart.</summary>
    private static PreprocessedDigit AsImageOfThePad(StrokeDrawing drawing) => DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(drawing));

    /// <summary>The digit drawn after the <paramref name="index"/>th one in its pair: another writer's or class's, as often as not.</summary>
    private static PenDigit Partner(IReadOnlyList<PenDigit> digits, int index) => digits[PartnerIndex(digits, index)];

    private static int PartnerIndex(IReadOnlyList<PenDigit> digits, int index) => (index * 7 + 1) % digits.Count;

    /// <summary>How far apart a pair's marks are, in words.</summary>
    private static string Spacing(float gap) => gap switch
    {
        < 0 => string.Create(CultureInfo.InvariantCulture, $"their marks overlapping by {-gap:0%} of their height"),
        0 => "their marks touching",
        _ => string.Create(CultureInfo.InvariantCulture, $"the gap {gap:0%} of their height"),
    };

    /// <summary>
    /// Reads every pair as a number, touching and with the gap that a person leaves between digits (25 % of their
    /// height), and sets it beside reading each digit alone: a pair is read right when both digits are.
    /// </summary>
    private static void ReadPairs(OnnxDigitClassifier classifier, IReadOnlyList<PenDigit> digits, LabeledImages? mnist, bool photographed, TextWriter output)
    {
        if (classifier.Models.FirstOrDefault(m => m.ModelId == ModelCatalog.EnsembleId) is not { IsReady: true })
        {
            output.WriteLine($"Numbers not read: the ensemble is not ready (models directory {classifier.ModelsDirectory}).");
            return;
        }

        var drawn = digits.Select(d => DigitPreprocessor.Preprocess(d.ToDrawing())).ToArray();
        var aloneRight = digits.Select((d, i) => classifier.Classify(drawn[i].Pixels).ConsensusDigit == d.Label).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{digits.Count} pen digits read alone by the ensemble: {aloneRight.Count(r => r)} right ({aloneRight.Count(r => r) / (double)digits.Count:0.0%})"));
        ReadWithStrayInk(classifier, digits, aloneRight, output);
        var partedDrawn = digits.Where((_, i) => ReadAsNumber(classifier, drawn[i]) is { Ink.PartedWhereTouching: true }).ToArray();
        var cutsDrawn = drawn.Select(digit => digit.CutsToTry).Where(cuts => cuts.Count > 0).ToArray();
        int CutsOf(TouchingCutKind kind) => cutsDrawn.Sum(cuts => cuts.Count(cut => cut.Kind == kind));
        output.WriteLine($"{digits.Count} pen digits on the pad, read by the models: {partedDrawn.Length} read as two touching digits{string.Concat(partedDrawn.Select(d => $" #{d.Index}: {d.Label}"))}; {cutsDrawn.Length} with cuts to try ({CutsOf(TouchingCutKind.StrokeGroups)} by their strokes in groups and {CutsOf(TouchingCutKind.WithoutRunOn)} without a run of the pen, read whatever the whole's reading; {CutsOf(TouchingCutKind.Straight)} straight)");
        foreach (var widening in new[] { 1.5f, 2f })
        {
            var widened = digits.Select(d => DigitPreprocessor.Preprocess(Widened(d.ToDrawing(), widening))).ToArray();
            var partedWidened = digits.Where((_, i) => ReadAsNumber(classifier, widened[i]) is { Ink.PartedWhereTouching: true }).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} pen digits on the pad drawn {widening:0.#} times as wide, read by the models: {partedWidened.Length} read as two touching digits{string.Concat(partedWidened.Select(d => $" #{d.Index}: {d.Label}"))}; {widened.Count(digit => digit.CutsToTry.Count > 0)} with cuts to try"));
        }

        ReadOpenFours(classifier, output);
        ReadZerosInTwoHalves(classifier, digits, output);
        var partedPen = digits.Where(d => ReadAsNumber(classifier, AsImageOfThePad(d.ToDrawing())) is { Ink.PartedWhereTouching: true }).ToArray();
        output.WriteLine($"{digits.Count} pen digits as images of the pad, read by the models: {partedPen.Length} read as two touching digits{string.Concat(partedPen.Select(d => $" #{d.Index}: {d.Label}"))}");
        string OfferedToReadAsTwo(IReadOnlyList<PreprocessedDigit> inks) =>
            $"{inks.Count(ink => ink.CutsToTry.Count > 0)} ({inks.Count(ink => ink.IsWiderThanADigit && ink.CutsToTry.Count > 0)} of them wider than a digit)";
        output.WriteLine($"{digits.Count} pen digits read as one digit and offered to be read as two (with cuts to try): {OfferedToReadAsTwo(drawn)} on the pad, {OfferedToReadAsTwo(digits.Select(d => AsImageOfThePad(d.ToDrawing())).ToArray())} as images of the pad");
        if (mnist is not null)
        {
            var readMnist = Enumerable.Range(0, mnist.Count)
                .Select(i => (Index: i, Read: ReadAsNumber(classifier, DigitPreprocessor.Preprocess(new GrayImage(28, 28, mnist.ImageAsFloats(i))))))
                .ToArray();
            var partedMnist = readMnist.Where(read => read.Read.Ink.PartedWhereTouching).ToArray();
            output.WriteLine($"{mnist.Count} MNIST test images read by the models: {partedMnist.Length} read as two touching digits{string.Concat(partedMnist.Select(p => $" #{p.Index}: {mnist.Labels![p.Index]} as {p.Read.Number?.Text}"))}");
            var offeredMnist = readMnist.Count(read => read.Read.Number is null && read.Read.Ink.CutsToTry.Count > 0);
            output.WriteLine($"{mnist.Count} MNIST test images read as one digit and offered to be read as two (with cuts to try): {offeredMnist}");
        }

        var negativeRight = Enumerable.Range(0, digits.Count).Count(i =>
            NumberReading.ReadAsync(classifier, DigitPreprocessor.Preprocess(AfterAMinusSign(digits[i]))).GetAwaiter().GetResult().Text == $"-{digits[i].Label}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{digits.Count} pen digits after a minus sign, the gap 25% of their height, read as negative numbers: {negativeRight} right ({negativeRight / (double)digits.Count:0.0%})"));
        var bothAloneRight = Enumerable.Range(0, digits.Count).Count(i => aloneRight[i] && aloneRight[PartnerIndex(digits, i)]);
        foreach (var (spacing, marks) in new[]
        {
            (0f, NumberMarks.None), (0.25f, NumberMarks.None), (0.25f, DecimalPoint), (0.1f, DecimalPoint),
            (0.25f, new NumberMarks(true, null)), (0f, new NumberMarks(true, null)),
        })
        {
            var readRight = 0;
            for (var i = 0; i < digits.Count; i++)
            {
                var partner = Partner(digits, i);
                var number = DigitPreprocessor.Preprocess(SideBySide(digits[i], partner, spacing, marks: marks));
                var reading = NumberReading.ReadAsync(classifier, number).GetAwaiter().GetResult();
                readRight += reading.Text == marks.Format([$"{digits[i].Label}", $"{partner.Label}"]) ? 1 : 0;
            }

            var written = marks == NumberMarks.None ? "" : $" {marks.Describe()} written with them (\"{marks.Format(["4", "2"])}\"),";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} pairs, {Spacing(spacing)},{written} read as numbers: {readRight} right ({readRight / (double)digits.Count:0.0%}); both digits right when read alone: {bothAloneRight} ({bothAloneRight / (double)digits.Count:0.0%})"));
        }

        // People's baselines wander: touching digits whose bottoms lie apart are one piece to the strokes' rule, which
        // the models may still part where the digits touch.
        foreach (var lowered in new[] { 0.05f, 0.1f, 0.15f })
        {
            var (found, readRight) = (0, 0);
            for (var i = 0; i < digits.Count; i++)
            {
                var pair = SideBySide(digits[i], Partner(digits, i), 0f);
                var firstStrokes = digits[i].Strokes.Count;
                var ink = DigitPreprocessor.Preprocess(pair with
                {
                    Strokes = pair.Strokes.Select((stroke, k) => k < firstStrokes ? stroke
                        : stroke with { Points = stroke.Points.Select(p => p with { Y = p.Y + lowered * RowHeight }).ToArray() }).ToArray(),
                });
                found += ink.SideBySideParts == 2 ? 1 : 0;
                readRight += ReadAsNumber(classifier, ink).Number?.Text == $"{digits[i].Label}{Partner(digits, i).Label}" ? 1 : 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} pairs, {Spacing(0)}, the second {lowered:0%} of their height lower: {found} found as two; read as numbers: {readRight} right ({readRight / (double)digits.Count:0.0%}); both digits right when read alone: {bothAloneRight} ({bothAloneRight / (double)digits.Count:0.0%})"));
        }

        // Drawn with their marks overlapping by more than half the pen, or without lifting the pen between them, two
        // digits' strokes are one part; in an image, overlapping or touching digits are often one part too.
        foreach (var (spacing, asImage, runOnBend) in new (float, bool, float?)[] { (-0.15f, false, null), (-0.1f, false, null), (-0.05f, false, null), (0f, false, null), (0.1f, false, 0f), (0.1f, false, RunOnBend), (-0.05f, true, null), (0f, true, null) })
        {
            var (readRight, readRightUnparted, parted, partedRight) = (0, 0, 0, 0);
            var asOneDigit = new ReadAsOneDigitCount();
            for (var i = 0; i < digits.Count; i++)
            {
                var pair = SideBySide(digits[i], Partner(digits, i), spacing);
                var ink = asImage ? AsImageOfThePad(pair) : DigitPreprocessor.Preprocess(runOnBend is { } bend ? WithoutLiftingThePen(pair, digits[i].Strokes.Count, bend) : pair);
                var read = ReadAsNumber(classifier, ink);
                var text = $"{digits[i].Label}{Partner(digits, i).Label}";
                var right = read.Number?.Text == text;
                readRight += right ? 1 : 0;
                readRightUnparted += !asImage && ink.Digits.Count > 0 && NumberReading.ReadAsync(classifier, ink).GetAwaiter().GetResult().Text == text ? 1 : 0;
                parted += read.Ink.PartedWhereTouching ? 1 : 0;
                partedRight += read.Ink.PartedWhereTouching && right ? 1 : 0;
                if (read.Number is null)
                {
                    asOneDigit.Add(classifier, ink, text);
                }
            }

            var how = asImage ? "as an image of the pad" : runOnBend switch
            {
                null => "drawn",
                0f => InOneGo,
                _ => $"{InOneGo}, the pen's way between them curved ({RunOnBend:0%} of its length off straight)",
            };
            var unparted = asImage ? "" : $", {readRightUnparted} without parting touching digits";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} pairs, {Spacing(spacing)}, {how}, read as numbers: {readRight} right ({readRight / (double)digits.Count:0.0%}), of which {partedRight} parted where touching by the models' reading ({parted} parted){unparted}; both digits right when read alone: {bothAloneRight} ({bothAloneRight / (double)digits.Count:0.0%})"));
            output.WriteLine($"  {asOneDigit}");
        }

        // A number on paper with two of its digits run together: three digits, the first apart (25 % of their height),
        // the last two overlapping or touching, or drawn without lifting the pen between them.
        var allThreeAloneRight = Enumerable.Range(0, digits.Count).Count(i => aloneRight[i] && aloneRight[PartnerIndex(digits, i)] && aloneRight[ThirdIndex(i)]);
        foreach (var (spacing, asImage, inOneGo) in new[] { (-0.05f, true, false), (0f, true, false), (-0.15f, false, false), (-0.1f, false, false), (0.1f, false, true) })
        {
            var (readRight, readRightUnparted) = (0, 0);
            for (var i = 0; i < digits.Count; i++)
            {
                var three = new[] { digits[i], Partner(digits, i), digits[ThirdIndex(i)] };
                var drawing = InARow(three, [0.25f, spacing]);
                var ink = asImage ? AsImageOfThePad(drawing)
                    : DigitPreprocessor.Preprocess(inOneGo ? WithoutLiftingThePen(drawing, three[0].Strokes.Count + three[1].Strokes.Count, 0f) : drawing);
                var text = string.Concat(three.Select(d => d.Label));
                readRight += ReadAsNumber(classifier, ink).Number?.Text == text ? 1 : 0;
                readRightUnparted += ink.Digits.Count > 0 && NumberReading.ReadAsync(classifier, ink).GetAwaiter().GetResult().Text == text ? 1 : 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} numbers of three pen digits, the first 25% of their height apart, the last two with {Spacing(spacing)}, {(asImage ? "as an image of the pad" : inOneGo ? InOneGo : "drawn")}, read as numbers: {readRight} right ({readRight / (double)digits.Count:0.0%}), {readRightUnparted} without parting touching digits; all three right when read alone: {allThreeAloneRight} ({allThreeAloneRight / (double)digits.Count:0.0%})"));
        }

        const float gap = 0.25f;
        if (!photographed)
        {
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Photographed with a {PhotoPen} px pen on the pages of {PhotoBenchmark.Verb}: each pair, the same pair written {CloseGap:0%} apart, the same pair with a decimal point, its first digit after a minus sign, and each of its digits alone in its place on the same page:"));
        foreach (var paper in PhotoBenchmark.PaperNames)
        {
            var (found, right, pointedRight, digitsAloneRight, bothAlone) = (0, 0, 0, 0, 0);
            var (closeFound, closeRight) = (0, 0);
            var (negativeRead, digitAfterMinusRight) = (0, 0);
            using var progress = ConsoleProgress.OnStandardError($"pairs photographed on {paper} pages", digits.Count, "pairs");
            for (var i = 0; i < digits.Count; i++)
            {
                var (first, second) = (digits[i], Partner(digits, i));
                var pair = SideBySide(first, second, gap);
                var number = PhotoBenchmark.Read(OnSquare(pair, ..), i * 7919, paper);
                found += number.Digits.Count == 2 ? 1 : 0;
                right += IsReadAs(number, $"{first.Label}{second.Label}") ? 1 : 0;
                var close = PhotoBenchmark.Read(OnSquare(SideBySide(first, second, CloseGap), ..), i * 7919, paper);
                closeFound += close.Digits.Count == 2 ? 1 : 0;
                closeRight += IsReadAs(close, $"{first.Label}{second.Label}") ? 1 : 0;
                var pointed = PhotoBenchmark.Read(OnSquare(SideBySide(first, second, gap, marks: DecimalPoint), ..), i * 7919, paper);
                pointedRight += IsReadAs(pointed, DecimalPoint.Format([$"{first.Label}", $"{second.Label}"])) ? 1 : 0;
                var signed = PhotoBenchmark.Read(OnSquare(AfterAMinusSign(first), ..), i * 7919, paper);
                negativeRead += signed.Digits.Count == 1 && NumberReading.ReadAsync(classifier, signed).GetAwaiter().GetResult().Text == $"-{first.Label}" ? 1 : 0;
                digitAfterMinusRight += IsRead(signed, first.Label) ? 1 : 0;
                var firstAlone = IsRead(PhotoBenchmark.Read(OnSquare(pair, ..first.Strokes.Count), i * 7919, paper), first.Label);
                var secondAlone = IsRead(PhotoBenchmark.Read(OnSquare(pair, first.Strokes.Count..), i * 7919, paper), second.Label);
                digitsAloneRight += (firstAlone ? 1 : 0) + (secondAlone ? 1 : 0);
                bothAlone += firstAlone && secondAlone ? 1 : 0;
                progress.Advance();
            }

            progress.Dispose(); // its last line before the paper's results
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {paper,-8} pairs found as two {found / (double)digits.Count:0.0%}, read right {right / (double)digits.Count:0.0%}, {CloseGap:0%} apart found as two {closeFound / (double)digits.Count:0.0%} and read right {closeRight / (double)digits.Count:0.0%}, with a decimal point {pointedRight / (double)digits.Count:0.0%}; after a minus sign: read as negative {negativeRead / (double)digits.Count:0.0%}, the digit right {digitAfterMinusRight / (double)digits.Count:0.0%}; alone: digits right {digitsAloneRight / (2.0 * digits.Count):0.0%}, both of a pair {bothAlone / (double)digits.Count:0.0%}"));
        }

        bool IsRead(PreprocessedDigit read, int label) => !read.IsBlank && classifier.Classify(read.Pixels).ConsensusDigit == label;
        bool IsReadAs(PreprocessedDigit number, string text) => ReadAsNumber(classifier, number).Number?.Text == text;

        int ThirdIndex(int index) => PartnerIndex(digits, PartnerIndex(digits, index));
    }

    /// <summary>
    /// Of pairs of digits read as one digit, how many have cuts to try (the drawing page then offers to read the ink as two
    /// digits), how many of those are wider than a digit, and how often the person's choice to read them as two
    /// (<see cref="TouchingDigitsReading.ReadAsTwoAsync"/>) reads the pair right.
    /// </summary>
    private sealed class ReadAsOneDigitCount
    {
        private int readAsOne, withCuts, wider, right, widerRight;

        public void Add(OnnxDigitClassifier classifier, PreprocessedDigit ink, string text)
        {
            readAsOne++;
            if (ink.CutsToTry.Count == 0)
            {
                return;
            }

            var isRight = TouchingDigitsReading.ReadAsTwoAsync(classifier, ink).GetAwaiter().GetResult()?.Reading.Text == text;
            (withCuts, right) = (withCuts + 1, right + (isRight ? 1 : 0));
            (wider, widerRight) = (wider + (ink.IsWiderThanADigit ? 1 : 0), widerRight + (ink.IsWiderThanADigit && isRight ? 1 : 0));
        }

        public override string ToString() =>
            $"read as one digit: {readAsOne}, of which {withCuts} with cuts to try (offered to be read as two), read right as two when the person says so: {right}; {wider} of them wider than a digit, read right so: {widerRight}";
    }

    /// <summary>
    /// An image or a drawing read as the API and the drawing page read it: as a number when its digits stand apart, else
    /// as one digit, and ink wide for one digit (the whole, or a digit of the number) perhaps as two touching digits
    /// (<see cref="TouchingDigitsReading"/>); no number for a single digit.
    /// </summary>
    private static (PreprocessedDigit Ink, NumberReading? Number) ReadAsNumber(OnnxDigitClassifier classifier, PreprocessedDigit ink) =>
        !ink.IsBlank && TouchingDigitsReading.ReadAsNumberAsync(classifier, ink, () => Task.FromResult(classifier.Classify(ink.Pixels)))
            .GetAwaiter().GetResult() is var (number, reading)
            ? (number, reading)
            : (ink, null);

    /// <summary>
    /// Reads 400 open 4s drawn in two strokes (<see cref="OpenFours"/>, made here, not written by people), the bar reaching
    /// 0-30 % of the height past the stem. Such a 4's two strokes often stand in a row as two digits drawn across each other
    /// do, so it counts those with a grouping of strokes to try, and those read as two digits. Then the same 4s written
    /// in one stroke, the pen going on from the bar's end back up to the top of the stem and down it: the bar is then
    /// much like the run of the pen between two 1s written without lifting it. Last, 400 open 4s whose bar stops short of
    /// the stem (its end 3-15 % of the height before the stem's path, so their marks overlap, touch or stand a little
    /// apart): how many are taken for several digits, and how many are read as a number.
    /// </summary>
    private static void ReadOpenFours(OnnxDigitClassifier classifier, TextWriter output)
    {
        var (made, grouped, parted, partedInOneStroke) = (0, 0, new List<string>(), new List<string>());
        foreach (var (foot, stemPath) in OpenFours(barReaches: [0f, 0.1f, 0.2f, 0.3f]))
        {
            var four = Drawn([foot, stemPath]);
            made++;
            grouped += four.CutsToTry.Any(cut => cut.Kind == TouchingCutKind.StrokeGroups) ? 1 : 0;
            ReadAsTwo(four, parted);
            // The same 4 without lifting the pen: past the bar's end, back up to the top of the stem and down it.
            ReadAsTwo(Drawn([[.. foot, .. stemPath]]), partedInOneStroke);
        }

        output.WriteLine($"{made} open 4s drawn in two strokes: {grouped} with a grouping of strokes to try; {parted.Count} read as two touching digits{Which(parted)}");
        output.WriteLine($"The same {made} open 4s written in one stroke (the bar, then back up to the top of the stem and down it): {partedInOneStroke.Count} read as two touching digits{Which(partedInOneStroke)}");

        var (short4s, several, asNumbers) = (0, 0, new List<string>());
        foreach (var (foot, stemPath) in OpenFours(barReaches: [-0.03f, -0.06f, -0.1f, -0.15f]))
        {
            var four = Drawn([foot, stemPath]);
            short4s++;
            several += four.LooksLikeSeveralDigits ? 1 : 0;
            if (ReadAsNumber(classifier, four) is { Number: { } number })
            {
                asNumbers.Add(number.Text);
            }
        }

        output.WriteLine($"{short4s} open 4s whose bar stops short of the stem (3-15% of the height): {several} taken for several digits, {asNumbers.Count} read as a number{Which(asNumbers)}");

        static PreprocessedDigit Drawn(StrokePoint[][] paths) => DigitPreprocessor.Preprocess(new StrokeDrawing(
            DrawingPadGeometry.CanvasSide, DrawingPadGeometry.CanvasSide, [.. paths.Select(path => new Stroke(path, DrawingPadGeometry.DefaultPenWidth))]));

        void ReadAsTwo(PreprocessedDigit four, List<string> parted)
        {
            if (ReadAsNumber(classifier, four) is { Ink.PartedWhereTouching: true, Number: { } number })
            {
                parted.Add(number.Text);
            }
        }

        static string Which(List<string> parted) =>
            parted.Count == 0 ? "" : $" ({string.Join(", ", parted.GroupBy(text => text).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count()}"))})";
    }

    /// <summary>
    /// Reads every pen 0 written in one stroke as if drawn in two, its path cut at its top and its bottom into a left
    /// and a right half, as people who draw a 0 from the top down on either side do: first with the halves where the
    /// pen put them, then pulled apart sideways by 2.5-10 % of the 0's height each way, so they no longer meet above
    /// and below but their marks may still touch there; and pulled apart more at one end than at the other (3 % each way
    /// at the touching end, 7.5-15 % at the open one). Counts those taken for several digits, those read as a number,
    /// and those the ensemble reads as 0.
    /// </summary>
    private static void ReadZerosInTwoHalves(OnnxDigitClassifier classifier, IReadOnlyList<PenDigit> digits, TextWriter output)
    {
        var zeros = digits.Where(d => d.Label == 0 && d.Strokes.Count == 1 && d.Strokes[0].Count >= 4).ToArray();
        foreach (var (apartAtTop, apartAtBottom) in new[]
        {
            (0f, 0f), (0.025f, 0.025f), (0.05f, 0.05f), (0.075f, 0.075f), (0.1f, 0.1f),
            (0.03f, 0.075f), (0.03f, 0.1f), (0.03f, 0.15f), (0.075f, 0.03f), (0.1f, 0.03f), (0.15f, 0.03f),
        })
        {
            var (several, asNumbers, readAsZero, zeroAsOneDigit) = (0, new List<string>(), 0, 0);
            foreach (var zero in zeros)
            {
                var halves = InTwoHalves(zero.ToDrawing(), apartAtTop, apartAtBottom);
                several += halves.LooksLikeSeveralDigits ? 1 : 0;
                var wholeIsZero = !halves.IsBlank && classifier.Classify(halves.Pixels).ConsensusDigit == 0;
                if (ReadAsNumber(classifier, halves) is { Number: { } number })
                {
                    asNumbers.Add(number.Text);
                    zeroAsOneDigit += wholeIsZero ? 1 : 0;
                }
                else
                {
                    readAsZero += wholeIsZero ? 1 : 0;
                }
            }

            var which = asNumbers.Count == 0 ? "" : $" ({string.Join(", ", asNumbers.GroupBy(text => text).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"))})";
            var asOneDigit = asNumbers.Count == 0 ? "" : $" ({zeroAsOneDigit} of them 0 when the person says it is one digit)";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{zeros.Length} pen 0s drawn in two halves, {Apart(apartAtTop, apartAtBottom)}: {several} taken for several digits, {asNumbers.Count} read as a number{which}{asOneDigit}, {readAsZero} read as 0"));
        }

        static string Apart(float atTop, float atBottom) => (atTop, atBottom) switch
        {
            (0, 0) => "meeting where the pen went",
            _ when atTop == atBottom => string.Create(CultureInfo.InvariantCulture, $"pulled {atTop:0.#%} of the height apart each way"),
            _ => string.Create(CultureInfo.InvariantCulture, $"pulled {atTop:0.#%} of the height apart each way at the top and {atBottom:0.#%} at the bottom"),
        };

        static PreprocessedDigit InTwoHalves(StrokeDrawing zero, float apartAtTop, float apartAtBottom)
        {
            var path = zero.Strokes[0].Points;
            var (top, bottom) = (0, 0);
            for (var i = 1; i < path.Count; i++)
            {
                top = path[i].Y < path[top].Y ? i : top;
                bottom = path[i].Y > path[bottom].Y ? i : bottom;
            }

            var (from, to) = (Math.Min(top, bottom), Math.Max(top, bottom));
            StrokePoint[] one = [.. path.Skip(from).Take(to - from + 1)];
            StrokePoint[] other = [.. path.Skip(to), .. path.Take(from + 1)];
            var (left, right) = one.Average(p => p.X) <= other.Average(p => p.X) ? (one, other) : (other, one);
            var (topY, height) = (path[top].Y, path[bottom].Y - path[top].Y);
            float Shift(StrokePoint p) => (apartAtTop + (apartAtBottom - apartAtTop) * Math.Clamp((p.Y - topY) / height, 0f, 1f)) * height;
            var pen = zero.Strokes[0].Width;
            return DigitPreprocessor.Preprocess(zero with
            {
                Strokes = [new Stroke([.. left.Select(p => p with { X = p.X - Shift(p) })], pen), new Stroke([.. right.Select(p => p with { X = p.X + Shift(p) })], pen)],
            });
        }
    }

    /// <summary>
    /// Open 4s on the pad, an L whose foot runs on into the bar and then the stem, in every combination of the L's height
    /// (50-90 % of the stem's), the bar's reach past the stem's path (each of <paramref name="barReaches"/>, a share of
    /// the height; below 0 it stops short), the 4's width (40-80 % of its height), upright or slanted, the stem meeting
    /// the bar's top or starting a little left of it: 100 per reach.
    /// </summary>
    private static IEnumerable<(StrokePoint[] Foot, StrokePoint[] Stem)> OpenFours(float[] barReaches)
    {
        const float height = 200, top = 40, left = 60;
        foreach (var footHeight in new[] { 0.5f, 0.6f, 0.7f, 0.8f, 0.9f })
        foreach (var reach in barReaches)
        foreach (var width in new[] { 0.4f, 0.5f, 0.6f, 0.7f, 0.8f })
        foreach (var slant in new[] { 0f, 0.15f })
        foreach (var stemOffset in new[] { 0f, 0.05f })
        {
            StrokePoint At(float x, float y) => new(x + slant * (top + height - y), y);
            var (stem, bar) = (left + width * height, top + footHeight * height);
            yield return ([At(left, top), At(left, bar), At(stem + reach * height, bar)], [At(stem - stemOffset * height, top), At(stem, top + height)]);
        }
    }

    /// <summary>
    /// Reads every pen digit with stray ink beside it on the pad, as a hand resting on a touch screen or a slip of the
    /// pen leaves: a tap of the pen, or a short dash, near one of the pad's corners or the middle of one of its edges
    /// (the digit's own place decides which), and sets that beside reading the digit alone.
    /// </summary>
    private static void ReadWithStrayInk(OnnxDigitClassifier classifier, IReadOnlyList<PenDigit> digits, bool[] aloneRight, TextWriter output)
    {
        const float inset = 16, side = DrawingPadGeometry.CanvasSide, dash = 0.1f * side;
        float[] across = [inset, side / 2, side - inset];
        var places = across.SelectMany(x => across.Select(y => new StrokePoint(x, y))).Where(p => p.X != side / 2 || p.Y != side / 2).ToArray();
        var strays = new (string Name, Func<StrokePoint, StrokePoint[]> Path)[]
        {
            ("a tap of the pen", place => [place]),
            ("a dash 10 % of the pad long", place => [place, new StrokePoint(place.X + (place.X > side / 2 ? -dash : dash), place.Y)]),
        };
        foreach (var (name, path) in strays)
        {
            var (right, several, rightAloneToo) = (0, 0, 0);
            for (var i = 0; i < digits.Count; i++)
            {
                var drawing = digits[i].ToDrawing();
                var withStray = drawing with { Strokes = [.. drawing.Strokes, new Stroke(path(places[i % places.Length]), DrawingPadGeometry.DefaultPenWidth)] };
                var read = DigitPreprocessor.Preprocess(withStray);
                several += read.LooksLikeSeveralDigits ? 1 : 0;
                var isRight = !read.LooksLikeSeveralDigits && classifier.Classify(read.Pixels).ConsensusDigit == digits[i].Label;
                right += isRight ? 1 : 0;
                rightAloneToo += isRight && aloneRight[i] ? 1 : 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{digits.Count} pen digits with {name} near a corner or an edge of the pad: {right} read right ({right / (double)digits.Count:0.0%}), {rightAloneToo} of them also right alone; {several} taken for several digits"));
        }
    }

    /// <summary>
    /// The strokes <paramref name="strokes"/> of a pair drawn on the pad (all of them, or one digit's), placed as the
    /// whole pair is fitted on the photographed square: its longer side 60 % of the square, centred, with the photo pen.
    /// </summary>
    private static StrokeDrawing OnSquare(StrokeDrawing pair, Range strokes)
    {
        const int side = PhotoBenchmark.SquareSide;
        var bounds = PathBounds.Of(pair);
        var scale = 0.6f * side / bounds.LongerSide;
        return new StrokeDrawing(side, side, pair.Strokes.Take(strokes)
            .Select(s => new Stroke(s.Points.Select(p => new StrokePoint(side / 2f + (p.X - bounds.CentreX) * scale, side / 2f + (p.Y - bounds.CentreY) * scale)).ToArray(), PhotoPen))
            .ToArray());
    }

    /// <summary>A drawing stretched sideways by <paramref name="factor"/>, on a canvas as much wider: a single digit written wide.</summary>
    private static StrokeDrawing Widened(StrokeDrawing drawing, float factor) =>
        new((int)MathF.Ceiling(drawing.Width * factor), drawing.Height,
            drawing.Strokes.Select(s => s with { Points = s.Points.Select(p => p with { X = p.X * factor }).ToArray() }).ToArray());

    /// <summary>How a number written without lifting the pen between its digits is named in the output.</summary>
    private const string InOneGo = "drawn without lifting the pen between them";

    /// <summary>How far the curved way of the pen between two digits written in one go bulges, as a share of its length.</summary>
    private const float RunOnBend = 0.2f;

    /// <summary>
    /// A pair drawn without lifting the pen between its digits: the first digit's last stroke runs on into the second's
    /// first (<paramref name="firstStrokes"/>: how many strokes come before the second digit's), straight or, with a
    /// <paramref name="bend"/>, along an arc bulging upwards by that share of its length, a point every 4 px as the pad
    /// takes them.
    /// </summary>
    private static StrokeDrawing WithoutLiftingThePen(StrokeDrawing pair, int firstStrokes, float bend)
    {
        var (last, next) = (pair.Strokes[firstStrokes - 1], pair.Strokes[firstStrokes]);
        var joined = new Stroke([.. last.Points, .. BentWay(last.Points[^1], next.Points[0], bend), .. next.Points], last.Width);
        return pair with { Strokes = [.. pair.Strokes.Take(firstStrokes - 1), joined, .. pair.Strokes.Skip(firstStrokes + 1)] };
    }

    /// <summary>
    /// The points the pad takes (one every 4 px) between <paramref name="from"/> and <paramref name="to"/> along a
    /// quadratic arc bulging upwards by <paramref name="bend"/> of the distance; none for a straight way.
    /// </summary>
    private static IEnumerable<StrokePoint> BentWay(StrokePoint from, StrokePoint to, float bend)
    {
        var (dx, dy) = (to.X - from.X, to.Y - from.Y);
        var length = MathF.Sqrt(dx * dx + dy * dy);
        if (bend == 0 || length < 8)
        {
            return [];
        }

        var (upX, upY) = dx >= 0 ? (dy / length, -dx / length) : (-dy / length, dx / length);
        var (controlX, controlY) = ((from.X + to.X) / 2 + 2 * bend * length * upX, (from.Y + to.Y) / 2 + 2 * bend * length * upY);
        var steps = (int)(length / 4);
        return Enumerable.Range(1, steps - 1).Select(k => (float)k / steps).Select(t => new StrokePoint(
            (1 - t) * (1 - t) * from.X + 2 * (1 - t) * t * controlX + t * t * to.X,
            (1 - t) * (1 - t) * from.Y + 2 * (1 - t) * t * controlY + t * t * to.Y));
    }

    /// <summary>One pen digit on the pad after a minus sign ("-4"), drawn as <see cref="SideBySide"/> draws a number's.</summary>
    private static StrokeDrawing AfterAMinusSign(PenDigit digit)
    {
        var pair = SideBySide(digit, digit, 0.25f, marks: new NumberMarks(true, null));
        return pair with { Strokes = pair.Strokes.Take(1 + digit.Strokes.Count).ToArray() };
    }

    /// <summary>
    /// Two digits on the pad as a person writes a number: the same height (or the second <paramref name="secondHeight"/>
    /// of the first's, on the same baseline), the second's strokes <paramref name="gap"/> of the first's height to the
    /// right of the first's (between the edges of the pen's marks). With <paramref name="marks"/>, a minus sign (a dash
    /// 40 % of the height long at mid-height, the same gap before the first digit) and a decimal point (a tap of the
    /// pen on the baseline, in the middle of the gap).
    /// </summary>
    private static StrokeDrawing SideBySide(PenDigit first, PenDigit second, float gap, float secondHeight = 1f, NumberMarks? marks = null)
    {
        const float firstHeight = RowHeight;
        const float baseline = Baseline;
        const float pen = DrawingPadGeometry.DefaultPenWidth;
        var left = DrawingPadGeometry.CanvasSide * 0.1f;
        var strokes = new List<Stroke>();
        if (marks?.Negative == true)
        {
            strokes.Add(new Stroke([new StrokePoint(left, baseline - firstHeight / 2), new StrokePoint(left + 0.4f * firstHeight, baseline - firstHeight / 2)], pen));
            left += 0.4f * firstHeight + pen + gap * firstHeight;
        }

        foreach (var (digit, height, isSecond) in new[] { (first, firstHeight, false), (second, firstHeight * secondHeight, true) })
        {
            if (isSecond && marks?.DecimalPointAfter == 1)
            {
                strokes.Add(new Stroke([new StrokePoint(left - pen / 2 - gap * firstHeight / 2, baseline)], pen));
            }

            left = Place(strokes, digit, left, height) + gap * firstHeight;
        }

        return new StrokeDrawing((int)Math.Ceiling(left + DrawingPadGeometry.CanvasSide * 0.1f), DrawingPadGeometry.CanvasSide, strokes);
    }

    /// <summary>
    /// Digits on the pad in a row as <see cref="SideBySide"/> draws two, the same height, with the gaps given (each a
    /// share of their height, between the edges of the pen's marks: <paramref name="gaps"/>[i] after digit i).
    /// </summary>
    private static StrokeDrawing InARow(IReadOnlyList<PenDigit> digits, IReadOnlyList<float> gaps)
    {
        var strokes = new List<Stroke>();
        var left = DrawingPadGeometry.CanvasSide * 0.1f;
        for (var i = 0; i < digits.Count; i++)
        {
            left = Place(strokes, digits[i], left, RowHeight) + (i < gaps.Count ? gaps[i] * RowHeight : 0);
        }

        return new StrokeDrawing((int)Math.Ceiling(left + DrawingPadGeometry.CanvasSide * 0.1f), DrawingPadGeometry.CanvasSide, strokes);
    }

    /// <summary>The height of the digits in a row on the pad (of the first, written smaller or not).</summary>
    private const float RowHeight = DrawingPadGeometry.CanvasSide * 0.5f;

    /// <summary>The bottom of the digits in a row on the pad.</summary>
    private const float Baseline = DrawingPadGeometry.CanvasSide * 0.75f;

    /// <summary>Adds <paramref name="digit"/>'s strokes, <paramref name="height"/> tall on the baseline, from <paramref name="left"/>; the right edge of their marks.</summary>
    private static float Place(List<Stroke> strokes, PenDigit digit, float left, float height)
    {
        const float pen = DrawingPadGeometry.DefaultPenWidth;
        var bounds = PathBounds.Of(digit.Strokes);
        var scale = height / Math.Max(bounds.Height, 1f);
        strokes.AddRange(digit.Strokes.Select(path => new Stroke(
            path.Select(p => new StrokePoint(left + (p.X - bounds.MinX) * scale, Baseline - (p.Y - bounds.MinY) * scale)).ToArray(),
            pen)));
        return left + bounds.Width * scale + pen;
    }
}
