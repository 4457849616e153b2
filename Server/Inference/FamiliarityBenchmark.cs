using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Insights;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// <c>MnistBlazor.Server benchmark-familiarity</c>: how often the served models call a drawing unlike the digits they
/// learned (<see cref="FamiliarityProfile"/>), per model with a profile and as the page and API say it
/// (<see cref="DigitClassification.IsUnfamiliar"/>), on digits (MNIST's test images, every real pen digit drawn on the
/// pad) and on drawings that are no digit: capital letters and signs that look like no digit, each drawn upright,
/// slanted both ways, narrow and wide, and pen scribbles, each the same on every run. Then the drawn sets read as the
/// drawing page reads them (<see cref="TouchingDigitsReading"/>): how many are read as a number, and how many get the
/// page's warning.
/// </summary>
public static class FamiliarityBenchmark
{
    public const string Verb = "benchmark-familiarity";

    private const float Box = 100;

    /// <summary>Letters and signs in a 100x100 box (y down), one array of points per stroke.</summary>
    private static readonly (string Name, float[][] Strokes)[] Shapes =
    [
        ("A", [[10, 100, 50, 0, 90, 100], [27, 62, 73, 62]]),
        ("E", [[80, 0, 15, 0, 15, 100, 80, 100], [15, 50, 65, 50]]),
        ("F", [[80, 0, 15, 0, 15, 100], [15, 50, 65, 50]]),
        ("H", [[15, 0, 15, 100], [85, 0, 85, 100], [15, 50, 85, 50]]),
        ("K", [[15, 0, 15, 100], [85, 0, 15, 60], [38, 40, 85, 100]]),
        ("M", [[10, 100, 15, 0, 50, 60, 85, 0, 90, 100]]),
        ("N", [[15, 100, 15, 0, 85, 100, 85, 0]]),
        ("P", [[15, 100, 15, 0, 62, 0, 82, 12, 82, 38, 62, 50, 15, 50]]),
        ("R", [[15, 100, 15, 0, 62, 0, 82, 12, 82, 38, 62, 50, 15, 50], [45, 50, 85, 100]]),
        ("T", [[5, 0, 95, 0], [50, 0, 50, 100]]),
        ("V", [[10, 0, 50, 100, 90, 0]]),
        ("W", [[0, 0, 25, 100, 50, 30, 75, 100, 100, 0]]),
        ("X", [[10, 0, 90, 100], [90, 0, 10, 100]]),
        ("Y", [[10, 0, 50, 50, 90, 0], [50, 50, 50, 100]]),
        ("#", [[30, 0, 25, 100], [70, 0, 65, 100], [5, 33, 95, 33], [5, 67, 95, 67]]),
        ("+", [[50, 5, 50, 95], [5, 50, 95, 50]]),
        ("*", [[50, 0, 50, 100], [7, 25, 93, 75], [93, 25, 7, 75]]),
        ("&", [[90, 100, 25, 35, 25, 10, 40, 0, 55, 10, 55, 30, 15, 65, 15, 90, 35, 100, 60, 95, 85, 65]]),
    ];

    private static readonly float[] Slants = [-0.2f, 0f, 0.2f];
    private static readonly float[] Widths = [0.7f, 1f, 1.3f];

    private const int Scribbles = 100;

    private const string PenDigitsName = "pen digits (drawn on the pad)";
    private static readonly string LettersName = $"letters and signs ({Shapes.Length} x {Slants.Length * Widths.Length})";
    private const string ScribblesName = "scribbles";

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count > 0)
        {
            output.WriteLine($"Unknown argument: {args[0]}; {Verb} takes no options.");
            return 2;
        }

        var classifier = services.GetRequiredService<OnnxDigitClassifier>();
        if (InferenceBenchmark.ReportReady(classifier.Models, services, output) is null)
        {
            return 1;
        }

        var profiled = classifier.Classify(new float[MnistGeometry.PixelCount]).Verdicts
            .Where(v => v.Familiarity is not null)
            .Select(v => v.ModelId)
            .ToArray();
        if (profiled.Length == 0)
        {
            output.WriteLine($"No served model has a familiarity profile: export the models again ({TrainingCommand.Prefix} export).");
            return 1;
        }

        output.WriteLine($"Models with a familiarity profile: {string.Join(", ", profiled)}");
        output.WriteLine("Share of each set taken for unlike the learned digits: by each model, by one model or more, by all, and by the page and API (most models);");
        output.WriteLine("then, of digits, how many the page reads right, and how many of those it also calls unlike.");
        output.WriteLine($"{"set",-34} {"images",7}  {string.Join("  ", profiled.Select(id => $"{id,10}"))}  {"one+",10}  {"all",10}  {"page/API",9}  {"read right",18}");

        if (services.GetRequiredService<IMnistTestSet>().Images is { } mnist)
        {
            Report("MNIST test", [.. Enumerable.Range(0, mnist.Count).Select(i => (mnist.ImageAsFloats(i), (int?)mnist.Labels![i]))]);
        }
        else
        {
            output.WriteLine($"MNIST test set not measured: {services.GetRequiredService<IMnistTestSet>().UnavailableReason}");
        }

        // Each drawn set is preprocessed once, and each of its images classified once, for both reports.
        var drawn = new List<(string Name, PreprocessedDigit[] Inks, DigitClassification[] Wholes)>();
        if (PenDigitsForCommands.ReadOrExplain(services, output, "Pen digits not measured") is { Set: { } set })
        {
            ReportDrawn(PenDigitsName, [.. set.Digits.Select(d => d.ToDrawing())], [.. set.Digits.Select(d => (int?)d.Label)]);
        }

        ReportDrawn(LettersName, [.. NonDigitShapes()], null);
        ReportDrawn(ScribblesName, [.. Enumerable.Range(0, Scribbles).Select(Scribble)], null);

        output.WriteLine("As the drawing page reads each drawing: as one digit, or as a number when its ink stands (or is parted) as several;");
        output.WriteLine("then how many get the page's warning (one digit: most models find it unlike the learned digits; a number: one of its digits).");
        foreach (var (name, inks, wholes) in drawn)
        {
            ReadAsThePage(name, inks, wholes);
        }

        return 0;

        void ReportDrawn(string name, StrokeDrawing[] drawings, int?[]? labels)
        {
            var inks = drawings.Select(d => DigitPreprocessor.Preprocess(d)).ToArray();
            drawn.Add((name, inks, Report(name, [.. inks.Select((ink, i) => (ink.Pixels, labels?[i]))])));
        }

        void ReadAsThePage(string name, PreprocessedDigit[] inks, DigitClassification[] wholes)
        {
            var (asNumbers, warned) = (0, 0);
            for (var i = 0; i < inks.Length; i++)
            {
                if (TouchingDigitsReading.ReadAsNumberAsync(classifier, inks[i], () => Task.FromResult(wholes[i])).GetAwaiter().GetResult() is var (_, number))
                {
                    asNumbers++;
                    warned += number.UnfamiliarDigits > 0 ? 1 : 0;
                }
                else
                {
                    warned += wholes[i].IsUnfamiliar ? 1 : 0;
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-34} {inks.Length,7}  read as a number: {asNumbers,4}  warned: {warned,4} ({100.0 * warned / inks.Length:F1} %)"));
        }

        DigitClassification[] Report(string name, IReadOnlyList<(float[] Pixels, int? Label)> images)
        {
            var flagged = new int[profiled.Length];
            var flaggedTogether = 0;
            var flaggedByOne = 0;
            var flaggedByAll = 0;
            var right = 0;
            var rightFlagged = 0;
            var classifications = new DigitClassification[images.Count];
            for (var i = 0; i < images.Count; i++)
            {
                var (pixels, label) = images[i];
                var classification = classifications[i] = classifier.Classify(pixels);
                for (var m = 0; m < profiled.Length; m++)
                {
                    flagged[m] += classification.Verdicts.Any(v => v.ModelId == profiled[m] && v.Familiarity is { IsUnfamiliar: true }) ? 1 : 0;
                }

                flaggedTogether += classification.IsUnfamiliar ? 1 : 0;
                var flaggers = classification.Verdicts.Count(v => v.Familiarity is { IsUnfamiliar: true });
                flaggedByOne += flaggers >= 1 ? 1 : 0;
                flaggedByAll += flaggers == profiled.Length ? 1 : 0;
                var isRight = label is { } digit && classification.ConsensusDigit == digit;
                right += isRight ? 1 : 0;
                rightFlagged += isRight && classification.IsUnfamiliar ? 1 : 0;
            }

            string Share(int count) => $"{100.0 * count / images.Count,8:F1} %";
            var accuracy = images.Any(i => i.Label is not null)
                ? $"{right,6} ({rightFlagged} unlike)"
                : "";
            output.WriteLine($"{name,-34} {images.Count,7}  {string.Join("  ", flagged.Select(f => $"{Share(f),10}"))}  {Share(flaggedByOne),10}  {Share(flaggedByAll),10}  {Share(flaggedTogether),9}  {accuracy,18}".TrimEnd());
            return classifications;
        }
    }

    /// <summary>Every shape of <see cref="Shapes"/> at every slant and width, drawn on the pad as a digit is.</summary>
    private static IEnumerable<StrokeDrawing> NonDigitShapes() =>
        from shape in Shapes
        from slant in Slants
        from width in Widths
        select OnThePad(shape.Strokes.Select(stroke => Enumerable.Range(0, stroke.Length / 2)
            .Select(p => (X: Box / 2 + (stroke[2 * p] - Box / 2) * width + slant * (Box / 2 - stroke[2 * p + 1]), Y: stroke[2 * p + 1]))
            .ToArray()));

    /// <summary>One to three strokes wandering in random turns, seeded by <paramref name="index"/>.</summary>
    private static StrokeDrawing Scribble(int index)
    {
        var random = new Random(index);
        var strokes = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var (x, y, heading) = (random.NextSingle() * Box, random.NextSingle() * Box, random.NextSingle() * MathF.Tau);
            return Enumerable.Range(0, random.Next(6, 14)).Select(_ =>
            {
                heading += (random.NextSingle() - 0.5f) * 2.5f;
                (x, y) = (Math.Clamp(x + 25 * MathF.Cos(heading), 0, Box), Math.Clamp(y + 25 * MathF.Sin(heading), 0, Box));
                return (X: x, Y: y);
            }).ToArray();
        });
        return OnThePad(strokes);
    }

    /// <summary>Strokes of a 100x100 box scaled so the box fills the pad as much as a typical digit, centred.</summary>
    private static StrokeDrawing OnThePad(IEnumerable<(float X, float Y)[]> strokes)
    {
        const int side = DrawingPadGeometry.CanvasSide;
        var scale = DrawingPadGeometry.TypicalFill * side / Box;
        var offset = (side - Box * scale) / 2;
        return new StrokeDrawing(side, side, [.. strokes.Select(stroke => new Stroke(
            [.. stroke.Select(p => new StrokePoint(offset + p.X * scale, offset + p.Y * scale))], DrawingPadGeometry.DefaultPenWidth))]);
    }
}
