using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Server.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>MnistBlazor.Server benchmark-photos [--pen PX] [--digit-height PERCENT]</c>: how the served models read digits that arrive as images of paper (the
/// drawing page's "Open an image…", <c>POST /api/predict</c> with a PNG or JPEG). Every real pen digit is drawn onto
/// a 640x480 page six times (with a 16 px pen, 60 % of the page's height, unless <c>--pen</c> and <c>--digit-height</c> say otherwise): as a clean scan (even white paper), as a
/// photo of the page (darker, unevenly lit paper, sensor noise, ruled lines), as a phone held by hand takes it (the
/// photo turned and tilted, blurred, saved as a JPEG), the same with a hard-edged shadow across the page, the same
/// with the sheet not filling the photo (a darker desk around it), and the same on squared paper (lines both ways), each the same for every run (seeded by the digit's index); all go through the server's image path (<see cref="ImageBodyDecoder"/> for the JPEG,
/// <see cref="InkImage.FromRgba"/>, then <see cref="DigitPreprocessor"/>). Prints each model's accuracy on the digits
/// as drawn on the pad and on each kind of page, how many were taken for several digits side by side
/// (<see cref="PreprocessedDigit.SideBySideParts"/>), and how long reading each kind took.
/// </summary>
public static class PhotoBenchmark
{
    public const string Verb = "benchmark-photos";

    private const int PageWidth = 640;
    private const int PageHeight = 480;

    /// <summary>
    /// How a page looks: the paper's level at its lighter side, how much darker it gets across, noise and lines; for a
    /// phone held by hand also how far the page is turned (degrees) and tilted (the far edge narrower by this share),
    /// the lens's blur (Gaussian sigma in pixels), how much light a hard-edged shadow takes, the JPEG quality it is
    /// saved with (0: none), the level of a darker desk around a sheet that does not fill the photo (0: no desk) and how
    /// far in from the page's left and right edges the sheet's sides are, and whether the lines run down the page too
    /// (squared paper).
    /// </summary>
    private sealed record Paper(
        string Name, int Level, int Falloff, double Noise, int LineDarkness,
        double TurnDegrees = 0, double Tilt = 0, double BlurSigma = 0, double Shadow = 0, int JpegQuality = 0, int DeskLevel = 0,
        bool Squared = false, int SheetInset = 50);

    private static readonly Paper[] Papers =
    [
        new("scan", Level: 245, Falloff: 0, Noise: 1.5, LineDarkness: 0),
        new("photo", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 28),
        new("phone", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 28, TurnDegrees: 8, Tilt: 0.15, BlurSigma: 1.5, JpegQuality: 70),
        new("shadow", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 28, TurnDegrees: 8, Tilt: 0.15, BlurSigma: 1.5, Shadow: 0.4, JpegQuality: 70),
        new("desk", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 28, TurnDegrees: 8, Tilt: 0.15, BlurSigma: 1.5, JpegQuality: 70, DeskLevel: 90),
        new("squared", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 28, TurnDegrees: 8, Tilt: 0.15, BlurSigma: 1.5, JpegQuality: 70, Squared: true),
        // A notebook's page on a desk: more desk beside the sheet (over a quarter of each row) and darker lines.
        new("notebook", Level: 215, Falloff: 45, Noise: 5, LineDarkness: 45, TurnDegrees: 8, Tilt: 0.15, BlurSigma: 0.5, JpegQuality: 85, DeskLevel: 90, SheetInset: 90),
    ];

    public static int Run(IServiceProvider services, IReadOnlyList<string> args, TextWriter output)
    {
        if (InferenceBenchmark.ReadPositive(args, "--pen", 16, output) is not { } pen
            || InferenceBenchmark.ReadPositive(args, "--digit-height", 60, output) is not { } digitHeight)
        {
            return 2;
        }

        if (digitHeight > 90)
        {
            output.WriteLine($"--digit-height is the digit's height in per cent of the page's (at most 90, so it stays on the page), not {digitHeight}.");
            return 2;
        }

        var classifier = services.GetRequiredService<OnnxDigitClassifier>();
        if (InferenceBenchmark.ReportReady(classifier.Models, services, output) is null)
        {
            return 1;
        }

        if (PenDigitsForCommands.ReadOrExplain(services, output, "No pen digits to draw") is not { Set: { } set })
        {
            return 1;
        }

        var inputs = new[] { "drawn" }.Concat(Papers.Select(p => p.Name)).ToArray();
        var right = new Dictionary<(string Model, string Input), int>();
        var blank = inputs.ToDictionary(input => input, _ => 0);
        var several = inputs.ToDictionary(input => input, _ => 0);
        var parted = inputs.ToDictionary(input => input, _ => 0);
        var signed = inputs.ToDictionary(input => input, _ => 0);
        var readingTime = inputs.ToDictionary(input => input, _ => TimeSpan.Zero);
        var watch = Stopwatch.StartNew();
        using (var progress = ConsoleProgress.OnStandardError(Verb, set.Digits.Count, "digits"))
        {
            foreach (var digit in set.Digits)
            {
                var drawing = digit.ToDrawing();
                var reading = Stopwatch.StartNew();
                var drawn = DigitPreprocessor.Preprocess(drawing);
                readingTime["drawn"] += reading.Elapsed;
                several["drawn"] += drawn.LooksLikeSeveralDigits ? 1 : 0;
                signed["drawn"] += drawn.Marks.Negative ? 1 : 0;
                Score(right, blank, parted, "drawn", digit.Label, drawn, classifier);
                foreach (var paper in Papers)
                {
                    var page = Photograph(digit.ToDrawing(penWidth: pen, side: PageHeight, fill: digitHeight / 100f), digit.Index * 7919, paper);
                    var body = paper.JpegQuality > 0 ? Jpeg(page, paper.JpegQuality) : null;
                    reading.Restart();
                    var image = Decode(page, body);
                    var read = DigitPreprocessor.Preprocess(image);
                    readingTime[paper.Name] += reading.Elapsed;
                    several[paper.Name] += read.LooksLikeSeveralDigits ? 1 : 0;
                    signed[paper.Name] += read.Marks.Negative ? 1 : 0;
                    Score(right, blank, parted, paper.Name, digit.Label, read, classifier);
                }

                progress.Advance();
            }
        }

        var count = set.Digits.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} real pen digits from {set.SourceName}, each drawn on the pad and with a {pen} px pen on {PageWidth}x{PageHeight} pages, {digitHeight} % of their height ({string.Join("; ", Papers.Select(Describe))}), in {watch.Elapsed.TotalSeconds:0} s"));
        output.WriteLine($"{"accuracy",-12} {string.Join(" ", inputs.Select(i => $"{i,8}"))}");
        foreach (var model in classifier.Models.Where(m => m.IsReady).Select(m => m.ModelId))
        {
            output.WriteLine($"{model,-12} " + string.Join(" ", inputs.Select(input =>
                string.Create(CultureInfo.InvariantCulture, $"{right.GetValueOrDefault((model, input)) / (double)count,8:0.0000}"))));
        }

        output.WriteLine($"{"read blank",-12} {string.Join(" ", inputs.Select(i => $"{blank[i],8}"))}");
        output.WriteLine($"{"several",-12} {string.Join(" ", inputs.Select(i => $"{several[i],8}"))}");
        output.WriteLine($"{"parted",-12} {string.Join(" ", inputs.Select(i => $"{parted[i],8}"))}");
        output.WriteLine($"{"signed",-12} {string.Join(" ", inputs.Select(i => $"{signed[i],8}"))}");
        output.WriteLine($"{"ms to read",-12} " + string.Join(" ", inputs.Select(input =>
            string.Create(CultureInfo.InvariantCulture, $"{readingTime[input].TotalMilliseconds / count,8:0.00}"))));
        output.WriteLine("(several: digits taken for several digits side by side; parted: digits read as two touching digits by the models; signed: digits read after a minus sign; ms to read: the mean time from the page's bytes, or the drawing, to the 28x28 image: decoding, ink, preprocessing)");
        return 0;
    }

    private static string Describe(Paper paper)
    {
        var text = paper.Falloff == 0 && paper.LineDarkness == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{paper.Name}: paper at {paper.Level}, noise {paper.Noise}")
            : string.Create(CultureInfo.InvariantCulture,
                $"{paper.Name}: paper at {paper.Level} falling by up to {paper.Falloff} across the page, noise {paper.Noise}, ruled lines {paper.LineDarkness} darker");
        return paper.JpegQuality == 0 ? text : text + string.Create(CultureInfo.InvariantCulture,
            $", turned up to {paper.TurnDegrees} degrees, far edge up to {paper.Tilt:0%} narrower, blur sigma {paper.BlurSigma} px, ")
            + (paper.Shadow > 0 ? string.Create(CultureInfo.InvariantCulture, $"a hard-edged shadow taking {paper.Shadow:0%} of the light, ") : "")
            + string.Create(CultureInfo.InvariantCulture, $"JPEG quality {paper.JpegQuality}")
            + (paper.DeskLevel > 0
                ? string.Create(CultureInfo.InvariantCulture, $", the sheet on a desk at {paper.DeskLevel}, {PageWidth - 2 * paper.SheetInset} px of the page's {PageWidth} wide")
                : "")
            + (paper.Squared ? ", squared paper" : "");
    }

    private static void Score(
        Dictionary<(string, string), int> right, Dictionary<string, int> blank, Dictionary<string, int> parted, string input, int label, PreprocessedDigit digit,
        OnnxDigitClassifier classifier)
    {
        if (digit.IsBlank)
        {
            blank[input]++;
            return;
        }

        var whole = classifier.Classify(digit.Pixels);
        parted[input] += TouchingDigitsReading.ReadAsNumberAsync(classifier, digit, () => Task.FromResult(whole)).GetAwaiter().GetResult()
            is { Number.PartedWhereTouching: true } ? 1 : 0;
        foreach (var verdict in whole.Verdicts.Where(v => v.PredictedDigit == label))
        {
            right[(verdict.ModelId, input)] = right.GetValueOrDefault((verdict.ModelId, input)) + 1;
        }
    }

    /// <summary>The names of the kinds of page, in the order the benchmark prints them.</summary>
    internal static IReadOnlyList<string> PaperNames => Papers.Select(p => p.Name).ToArray();

    /// <summary>The side of the square that <see cref="Read"/> places a drawing on: the page's height.</summary>
    internal const int SquareSide = PageHeight;

    /// <summary>
    /// <paramref name="onSquare"/> (strokes on a <see cref="SquareSide"/> square) photographed on the page
    /// <paramref name="paperName"/> as this benchmark photographs a digit (<paramref name="seed"/> makes the page the same
    /// every run), then read back as the server reads an uploaded image: decoded and preprocessed.
    /// </summary>
    internal static PreprocessedDigit Read(StrokeDrawing onSquare, int seed, string paperName)
    {
        var paper = Papers.Single(p => p.Name == paperName);
        var page = Photograph(onSquare, seed, paper);
        return DigitPreprocessor.Preprocess(Decode(page, paper.JpegQuality > 0 ? Jpeg(page, paper.JpegQuality) : null));
    }

    /// <summary>The page as the server reads an upload: the JPEG it was saved as, or its pixels as they are (a PNG's).</summary>
    private static GrayImage Decode(byte[] page, byte[]? jpeg) =>
        jpeg is not null ? ImageBodyDecoder.Decode(jpeg, new ApiOptions()) : InkImage.FromRgba(page, PageWidth, PageHeight);

    /// <summary>The strokes of <paramref name="onSquare"/> (drawn on a page-high square) on a page of <paramref name="paper"/>, as RGBA.</summary>
    private static byte[] Photograph(StrokeDrawing onSquare, int seed, Paper paper)
    {
        var random = new Random(seed + paper.Level + paper.JpegQuality);
        // The page-high square the digit was drawn on, off centre by up to 60 px.
        var dx = (PageWidth - PageHeight) / 2f + random.Next(-60, 61);
        var dy = random.Next(-40, 41);
        var view = PhoneView.Random(paper, random);
        var strokes = onSquare.Strokes
            .Select(s => new Stroke(s.Points.Select(p => view.ToPhoto(p.X + dx, p.Y + dy)).ToArray(), s.Width))
            .ToArray();
        var ink = StrokeRasterizer.Rasterize(new StrokeDrawing(PageWidth, PageHeight, strokes)).Ink;

        // Light from one side: the paper darkens linearly away from it.
        var angle = random.NextDouble() * 2 * Math.PI;
        var (ax, ay) = (Math.Cos(angle), Math.Sin(angle));
        var lineOffset = random.Next(0, 56);
        var inkLevel = 45 + random.Next(0, 20);
        var shadow = Shadow.Random(paper, random);
        var sheet = SheetCorners(paper).Select(corner => view.ToPhoto(corner.X, corner.Y)).ToArray();
        var grain = random.NextDouble() * 2 * Math.PI;
        var light = new double[PageWidth * PageHeight];
        for (var y = 0; y < PageHeight; y++)
        {
            for (var x = 0; x < PageWidth; x++)
            {
                var along = ((x - PageWidth / 2.0) * ax + (y - PageHeight / 2.0) * ay) / PageWidth + 0.5;
                var onDesk = paper.DeskLevel > 0 && !Inside(sheet, x, y);
                var level = onDesk
                    ? paper.DeskLevel + 12 * Math.Sin(x * 0.05 + y * 0.012 + grain) // wood grain
                    : paper.Level - paper.Falloff * Math.Clamp(along, 0, 1);
                if (!onDesk && paper.LineDarkness > 0
                    && (OnLine(view.PaperY(x, y), lineOffset) || (paper.Squared && OnLine(view.PaperX(x, y), lineOffset))))
                {
                    level -= paper.LineDarkness;
                }

                var coverage = ink[y * PageWidth + x];
                light[y * PageWidth + x] = (level * (1 - coverage) + inkLevel * coverage) * shadow.LightAt(x, y);
            }
        }

        if (paper.BlurSigma > 0)
        {
            GaussianBlur(light, PageWidth, PageHeight, paper.BlurSigma);
        }

        var rgba = new byte[PageWidth * PageHeight * 4];
        for (var i = 0; i < light.Length; i++)
        {
            var value = (byte)Math.Clamp(Math.Round(light[i] + Gaussian(random) * paper.Noise), 0, 255);
            rgba[i * 4] = value;
            rgba[i * 4 + 1] = value;
            rgba[i * 4 + 2] = (byte)(value * 0.94); // warm paper, as photos of it come out
            rgba[i * 4 + 3] = 255;
        }

        return rgba;
    }

    /// <summary>Lines 2 px wide every 56 px of the page, shifted by <paramref name="offset"/>.</summary>
    private static bool OnLine(double position, int offset) => ((int)Math.Floor(position) + offset) % 56 is 0 or 1 or -55;

    /// <summary>On a desk, the sheet of paper covers this much of the page's frame: the photo shows desk around it.</summary>
    private static StrokePoint[] SheetCorners(Paper paper) =>
        [new(paper.SheetInset, 35), new(PageWidth - paper.SheetInset, 35), new(PageWidth - paper.SheetInset, 445), new(paper.SheetInset, 445)];

    /// <summary>Whether a pixel lies inside the convex quadrilateral <paramref name="corners"/> (in order around it).</summary>
    private static bool Inside(StrokePoint[] corners, int x, int y)
    {
        var sign = 0;
        for (var i = 0; i < corners.Length; i++)
        {
            var (a, b) = (corners[i], corners[(i + 1) % corners.Length]);
            var cross = Math.Sign((b.X - a.X) * (y - a.Y) - (b.Y - a.Y) * (x - a.X));
            if (cross != 0 && sign != 0 && cross != sign)
            {
                return false;
            }

            sign = cross != 0 ? cross : sign;
        }

        return true;
    }

    /// <summary>
    /// Where a point of the page lands in a photo taken by hand: turned about the page's centre, and the far (top)
    /// edge narrower than the near one, as a phone held at an angle sees it.
    /// </summary>
    private readonly record struct PhoneView(double Cos, double Sin, double Tilt)
    {
        public static PhoneView Random(Paper paper, Random random)
        {
            var turn = (random.NextDouble() * 2 - 1) * paper.TurnDegrees * Math.PI / 180;
            return new PhoneView(Math.Cos(turn), Math.Sin(turn), random.NextDouble() * paper.Tilt);
        }

        public StrokePoint ToPhoto(float x, float y)
        {
            var (cx, cy) = (PageWidth / 2.0, PageHeight / 2.0);
            var (tx, ty) = (x - cx, y - cy);
            var narrowing = 1 - Tilt * (0.5 - ty / PageHeight); // 1 - Tilt at the top edge, 1 at the bottom
            return new StrokePoint((float)(cx + (tx * Cos - ty * Sin) * narrowing), (float)(cy + tx * Sin + ty * Cos));
        }

        /// <summary>The column of the page (before turning) that a photo pixel shows, for the lines of squared paper.</summary>
        public double PaperX(int x, int y)
        {
            var (tx, ty) = (x - PageWidth / 2.0, y - PageHeight / 2.0);
            return PageWidth / 2.0 + tx * Cos + ty * Sin;
        }

        /// <summary>The row of the page (before turning) that a photo pixel shows, for the ruled lines.</summary>
        public double PaperY(int x, int y)
        {
            var (tx, ty) = (x - PageWidth / 2.0, y - PageHeight / 2.0);
            return PageHeight / 2.0 - tx * Sin + ty * Cos;
        }
    }

    /// <summary>A hard-edged shadow (a hand or the phone) over the page on one side of a line through it.</summary>
    private readonly record struct Shadow(double Nx, double Ny, double Offset, double Darkness)
    {
        public static Shadow Random(Paper paper, Random random)
        {
            var angle = random.NextDouble() * 2 * Math.PI;
            // The edge passes within the outer parts of the page, so the shadow covers a corner or a side.
            var offset = (0.25 + random.NextDouble() * 0.2) * Math.Min(PageWidth, PageHeight);
            return new Shadow(Math.Cos(angle), Math.Sin(angle), offset, paper.Shadow);
        }

        public double LightAt(int x, int y) =>
            Darkness > 0 && (x - PageWidth / 2.0) * Nx + (y - PageHeight / 2.0) * Ny > Offset ? 1 - Darkness : 1;
    }

    private static void GaussianBlur(double[] values, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(3 * sigma);
        var kernel = Enumerable.Range(-radius, 2 * radius + 1).Select(i => Math.Exp(-i * i / (2 * sigma * sigma))).ToArray();
        var sum = kernel.Sum();
        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        var copy = new double[values.Length];
        for (var pass = 0; pass < 2; pass++)
        {
            Array.Copy(values, copy, values.Length);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var total = 0.0;
                    for (var k = -radius; k <= radius; k++)
                    {
                        var (sx, sy) = pass == 0 ? (Math.Clamp(x + k, 0, width - 1), y) : (x, Math.Clamp(y + k, 0, height - 1));
                        total += kernel[k + radius] * copy[sy * width + sx];
                    }

                    values[y * width + x] = total;
                }
            }
        }
    }

    private static byte[] Jpeg(byte[] rgba, int quality)
    {
        using var stream = new MemoryStream();
        new StbImageWriteSharp.ImageWriter().WriteJpg(rgba, PageWidth, PageHeight, StbImageWriteSharp.ColorComponents.RedGreenBlueAlpha, stream, quality);
        return stream.ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
