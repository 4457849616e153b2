using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>MnistBlazor.Server benchmark-photos [--pen PX]</c>: how the served models read digits that arrive as images of paper (the
/// drawing page's "Open an image…", <c>POST /api/predict</c> with a PNG or JPEG). Every real pen digit is drawn onto
/// a 640x480 page twice (with a 16 px pen unless <c>--pen</c> says otherwise), as a clean scan (even white paper) and as a phone photo would show it (darker, unevenly lit
/// paper, sensor noise, ruled lines), each the same for every run (seeded by the digit's index); both go through the
/// server's image path (<see cref="InkImage.FromRgba"/>, then <see cref="DigitPreprocessor"/>). Prints each model's
/// accuracy on the digits as drawn on the pad, as scans and as photos.
/// </summary>
public static class PhotoBenchmark
{
    public const string Verb = "benchmark-photos";

    private const int PageWidth = 640;
    private const int PageHeight = 480;

    /// <summary>How a page looks: the paper's level at its lighter side, how much darker it gets across, noise and lines.</summary>
    private sealed record Paper(string Name, int Level, int Falloff, double Noise, int LineDarkness);

    private static readonly Paper[] Papers =
    [
        new("scan", Level: 245, Falloff: 0, Noise: 1.5, LineDarkness: 0),
        new("photo", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 28),
    ];

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (InferenceBenchmark.ReadPositive(args, "--pen", 16, output) is not { } pen)
        {
            return 2;
        }

        var classifier = services.GetRequiredService<OnnxDigitClassifier>();
        if (InferenceBenchmark.ReportReady(classifier.Models, services, output) is null)
        {
            return 1;
        }

        var penDigits = services.GetRequiredService<IPenDigits>().LoadedAsync().GetAwaiter().GetResult();
        if (penDigits.Set is not { } set)
        {
            output.WriteLine($"No pen digits to draw: {penDigits.Problem}");
            return 1;
        }

        var inputs = new[] { "drawn" }.Concat(Papers.Select(p => p.Name)).ToArray();
        var right = new Dictionary<(string Model, string Input), int>();
        var blank = inputs.ToDictionary(input => input, _ => 0);
        var watch = Stopwatch.StartNew();
        foreach (var digit in set.Digits)
        {
            var drawing = digit.ToDrawing();
            Score(right, blank, "drawn", digit.Label, DigitPreprocessor.Preprocess(drawing), classifier);
            foreach (var paper in Papers)
            {
                var page = Photograph(digit, paper, pen);
                Score(right, blank, paper.Name, digit.Label, DigitPreprocessor.Preprocess(InkImage.FromRgba(page, PageWidth, PageHeight)), classifier);
            }

            if ((digit.Index + 1) % 100 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {digit.Index + 1} of {set.Digits.Count} digits, {(digit.Index + 1) / watch.Elapsed.TotalSeconds:0.0} digits/s"));
            }
        }

        var count = set.Digits.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} real pen digits from {set.SourceName}, each drawn on the pad and with a {pen} px pen on {PageWidth}x{PageHeight} pages ({string.Join("; ", Papers.Select(Describe))}), in {watch.Elapsed.TotalSeconds:0} s"));
        output.WriteLine($"{"accuracy",-12} {string.Join(" ", inputs.Select(i => $"{i,8}"))}");
        foreach (var model in classifier.Models.Where(m => m.IsReady).Select(m => m.ModelId))
        {
            output.WriteLine($"{model,-12} " + string.Join(" ", inputs.Select(input =>
                string.Create(CultureInfo.InvariantCulture, $"{right.GetValueOrDefault((model, input)) / (double)count,8:0.0000}"))));
        }

        output.WriteLine($"{"read blank",-12} {string.Join(" ", inputs.Select(i => $"{blank[i],8}"))}");
        return 0;
    }

    private static string Describe(Paper paper) => paper.Falloff == 0 && paper.LineDarkness == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{paper.Name}: paper at {paper.Level}, noise {paper.Noise}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{paper.Name}: paper at {paper.Level} falling by up to {paper.Falloff} across the page, noise {paper.Noise}, ruled lines {paper.LineDarkness} darker");

    private static void Score(
        Dictionary<(string, string), int> right, Dictionary<string, int> blank, string input, int label, PreprocessedDigit digit, OnnxDigitClassifier classifier)
    {
        if (digit.IsBlank)
        {
            blank[input]++;
            return;
        }

        foreach (var verdict in classifier.Classify(digit.Pixels).Verdicts.Where(v => v.PredictedDigit == label))
        {
            right[(verdict.ModelId, input)] = right.GetValueOrDefault((verdict.ModelId, input)) + 1;
        }
    }

    /// <summary>The digit written in dark ink on a page of <paramref name="paper"/>, as RGBA bytes.</summary>
    private static byte[] Photograph(PenDigit digit, Paper paper, int pen)
    {
        var random = new Random(digit.Index * 7919 + paper.Level);
        // The digit 60 % of the page's height, off centre by up to 60 px.
        var onSquare = digit.ToDrawing(penWidth: pen, side: PageHeight, fill: 0.6f);
        var dx = (PageWidth - PageHeight) / 2f + random.Next(-60, 61);
        var dy = random.Next(-40, 41);
        var strokes = onSquare.Strokes
            .Select(s => new Stroke(s.Points.Select(p => new StrokePoint(p.X + dx, p.Y + dy)).ToArray(), s.Width))
            .ToArray();
        var ink = StrokeRasterizer.Rasterize(new StrokeDrawing(PageWidth, PageHeight, strokes)).Ink;

        // Light from one side: the paper darkens linearly away from it.
        var angle = random.NextDouble() * 2 * Math.PI;
        var (ax, ay) = (Math.Cos(angle), Math.Sin(angle));
        var lineOffset = random.Next(0, 56);
        var inkLevel = 45 + random.Next(0, 20);
        var rgba = new byte[PageWidth * PageHeight * 4];
        for (var y = 0; y < PageHeight; y++)
        {
            for (var x = 0; x < PageWidth; x++)
            {
                var along = ((x - PageWidth / 2.0) * ax + (y - PageHeight / 2.0) * ay) / PageWidth + 0.5;
                var level = paper.Level - paper.Falloff * Math.Clamp(along, 0, 1) + Gaussian(random) * paper.Noise;
                if (paper.LineDarkness > 0 && (y + lineOffset) % 56 < 2)
                {
                    level -= paper.LineDarkness;
                }

                var coverage = ink[y * PageWidth + x];
                var value = (byte)Math.Clamp(Math.Round(level * (1 - coverage) + (inkLevel + Gaussian(random) * paper.Noise) * coverage), 0, 255);
                var offset = (y * PageWidth + x) * 4;
                rgba[offset] = value;
                rgba[offset + 1] = value;
                rgba[offset + 2] = (byte)(value * 0.94); // warm paper, as photos of it come out
                rgba[offset + 3] = 255;
            }
        }

        return rgba;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
