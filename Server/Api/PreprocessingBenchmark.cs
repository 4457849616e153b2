using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>MnistBlazor.Server benchmark-preprocessing [--iterations N]</c>: times what the API does with a
/// drawing before the models see it (the limits' check, then preprocessing) on the most expensive
/// drawings the limits allow (<see cref="WorstCaseDrawings"/>) and on a digit as the pad sends it,
/// one at a time; prints the work counted (<see cref="PreprocessingWork"/>) and the percentiles.
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
            [("a pad digit (7)", DrawingPadGeometry.TypicalSeven), .. WorstCaseDrawings.All, ("most digits read as a number", WorstCaseDrawings.MostDigits())];
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

        return 0;
    }
}
