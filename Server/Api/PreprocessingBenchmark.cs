using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>MnistBlazor.Server benchmark-preprocessing [--iterations N]</c>: times what the API does with a
/// drawing before the models see it (the limits' check, then preprocessing) on the most expensive
/// drawings the limits allow (<see cref="WorstCaseDrawings"/>) and on a digit as the pad sends it,
/// one at a time; prints the work counted (<see cref="PreprocessingWork"/>) and the percentiles; then the same for
/// images as large as the API takes.
/// </summary>
public static class PreprocessingBenchmark
{
    public const string Verb = "benchmark-preprocessing";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (InferenceBenchmark.ReadIterations(args, 200, output) is not { } iterations)
        {
            return 2;
        }

        (string Name, StrokeDrawing Drawing)[] drawings =
            [("a pad digit (7)", DrawingPadGeometry.TypicalSeven), .. WorstCaseDrawings.All, ("most digits read as a number", WorstCaseDrawings.MostDigits()),
             ("one piece wide for a digit", WorstCaseDrawings.WideForOneDigit()), ("two digits in one go", WorstCaseDrawings.TwoDigitsInOneGo())];
        output.WriteLine($"Iterations: {iterations} per drawing after 5 warm-up runs, on {Environment.ProcessorCount} logical cores ({Environment.OSVersion})");
        output.WriteLine($"Bounds: working raster at most {PreprocessingWork.MaxRasterSide} px a side, at most {PreprocessingWork.MaxPixelsVisited:N0} pixels visited");
        output.WriteLine($"{"",-28} {"points",7} {"path px",8} {"raster",9} {"pixels visited",15}");
        foreach (var (name, drawing) in drawings)
        {
            var work = PreprocessingWork.Of(drawing);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-28} {work.Points,7} {work.PathLength,8:0} {$"{work.RasterWidth}x{work.RasterHeight}",9} {work.PixelsVisited,15:N0}"));
        }

        output.WriteLine($"Canvas {WorstCaseDrawings.CanvasSide}x{WorstCaseDrawings.CanvasSide}, pen {WorstCaseDrawings.Pen:0.#} for the worst cases");
        output.WriteLine(InferenceBenchmark.Header);
        foreach (var (name, drawing) in drawings)
        {
            for (var i = 0; i < 5; i++)
            {
                ApiEndpoints.PreprocessDrawing(drawing, CancellationToken.None);
            }

            var times = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                var watch = Stopwatch.StartNew();
                ApiEndpoints.PreprocessDrawing(drawing, CancellationToken.None);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            output.WriteLine(InferenceBenchmark.Row(name, times));
        }

        TimeImages(iterations, output);
        return 0;
    }

    /// <summary>
    /// Times preprocessing images as large as the API takes by default (<see cref="ApiOptions.MaxImagePixels"/>), their
    /// ink already read from the file: a digit, and ink wide for one digit, whole and as the digits of a number, whose
    /// cuts into two touching digits are preprocessed too (<see cref="TouchingCuts"/>).
    /// </summary>
    private static void TimeImages(int iterations, TextWriter output)
    {
        const float pen = 60;
        var pixels = new ApiOptions().MaxImagePixels;
        var (squareSide, wideHeight) = ((int)Math.Sqrt(pixels), (int)(pixels / GrayImage.MaxSide));
        static Stroke WideU(float left, float width, float top, float bottom) =>
            new([new(left, top), new(left, bottom - 0.15f * (bottom - top)), new(left + 0.12f * width, bottom), new(left + 0.88f * width, bottom),
                 new(left + width, bottom - 0.15f * (bottom - top)), new(left + width, top)], pen);
        var seven = DrawingPadGeometry.TypicalSeven;
        var scale = squareSide / (float)seven.Width;
        (string Name, GrayImage Image)[] images =
        [
            ($"image {squareSide}x{squareSide}: a 7", StrokeRasterizer.Rasterize(new StrokeDrawing(squareSide, squareSide,
                seven.Strokes.Select(s => new Stroke(s.Points.Select(p => new StrokePoint(p.X * scale, p.Y * scale)).ToArray(), pen)).ToArray()))),
            ($"image {GrayImage.MaxSide}x{wideHeight}: wide ink", StrokeRasterizer.Rasterize(new StrokeDrawing(GrayImage.MaxSide, wideHeight,
                [WideU(100, GrayImage.MaxSide - 200, 100, wideHeight - 100)]))),
            ($"image {GrayImage.MaxSide}x{wideHeight}: 4 wide", StrokeRasterizer.Rasterize(new StrokeDrawing(GrayImage.MaxSide, wideHeight,
                Enumerable.Range(0, 4).Select(i => WideU(100 + i * 1000, 900, 200, wideHeight - 200)).ToArray()))),
        ];
        output.WriteLine($"Images, their ink read (decoding not timed); cuts tried: {string.Join(", ", images.Select(i => $"{i.Name}: {CutsTried(DigitPreprocessor.Preprocess(i.Image))}"))}");
        output.WriteLine(InferenceBenchmark.Header);
        foreach (var (name, image) in images)
        {
            for (var i = 0; i < 2; i++)
            {
                DigitPreprocessor.Preprocess(image);
            }

            var times = new double[Math.Max(5, iterations / 10)];
            for (var i = 0; i < times.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                DigitPreprocessor.Preprocess(image);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            output.WriteLine(InferenceBenchmark.Row(name, times));
        }

        static int CutsTried(PreprocessedDigit digit) => digit.CutsToTry.Count + digit.Digits.Sum(d => d.CutsToTry.Count);
    }
}
