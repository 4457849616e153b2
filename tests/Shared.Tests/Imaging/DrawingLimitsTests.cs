using System.Diagnostics;
using MnistBlazor.Shared.Imaging;
using Xunit.Abstractions;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class DrawingLimitsTests(ITestOutputHelper output)
{
    /// <summary>
    /// The most expensive drawings the limits let through: every point allowed, and the path as long
    /// as allowed, as many short segments (each costs a pen-sized square) or as long diagonal zig-zags.
    /// </summary>
    public static TheoryData<string> WorstCases => new() { "short segments", "long zig-zags" };

    private static StrokeDrawing WorstCase(string kind)
    {
        const int side = 4096;
        var allowedLength = DrawingLimits.MaxPathLengthPerSide * side * 0.98f;
        var points = new List<StrokePoint>(DrawingLimits.MaxTotalPoints);
        if (kind == "short segments")
        {
            var step = allowedLength / (DrawingLimits.MaxTotalPoints - 1);
            var perRow = (int)(side / step);
            for (var i = 0; i < DrawingLimits.MaxTotalPoints; i++)
            {
                var row = i / perRow;
                var column = i % perRow;
                var x = row % 2 == 0 ? column * step : side - column * step;
                points.Add(new StrokePoint(x, Math.Min(side, row * 3f)));
            }
        }
        else
        {
            var diagonal = side * MathF.Sqrt(2f);
            var corners = (int)(allowedLength / diagonal) + 1;
            for (var i = 0; i < corners; i++)
            {
                points.Add(new StrokePoint(i % 2 == 0 ? 0 : side, i % 2 == 0 ? 0 : side));
            }
        }

        return new StrokeDrawing(side, side, [new Stroke(points, 1)]);
    }

    [Theory]
    [MemberData(nameof(WorstCases))]
    public void The_worst_drawing_within_the_limits_preprocesses_in_a_few_milliseconds(string kind)
    {
        var drawing = WorstCase(kind);
        DrawingLimits.Validate(drawing); // within the limits

        DigitPreprocessor.Preprocess(drawing); // warm-up
        var times = Enumerable.Range(0, 5).Select(_ =>
        {
            var watch = Stopwatch.StartNew();
            DigitPreprocessor.Preprocess(drawing);
            return watch.Elapsed.TotalMilliseconds;
        }).Order().ToArray();

        output.WriteLine($"{kind}: {drawing.Strokes[0].Points.Count} points, median {times[2]:0.0} ms (min {times[0]:0.0}, max {times[^1]:0.0})");
        // A few ms on an idle core; the bound leaves room for a loaded test machine.
        Assert.True(times[0] < 100, $"{kind}: fastest of 5 runs took {times[0]:0.0} ms");
    }

    [Fact]
    public void A_path_much_longer_than_the_drawing_is_refused()
    {
        // 200 back-and-forth strokes across a 100-pixel line: 40,000 pixels of path on a 100-pixel drawing.
        var points = Enumerable.Range(0, 401).Select(i => new StrokePoint(i % 2 == 0 ? 10 : 110, 50)).ToArray(); // 40,000 pixels of path
        var drawing = new StrokeDrawing(280, 280, [new Stroke(points, 10)]);

        var error = Assert.Throws<ArgumentException>(() => DigitPreprocessor.Preprocess(drawing));
        Assert.Contains("path is 40000 pixels long", error.Message);
        Assert.Contains($"more than {DrawingLimits.MaxPathLengthPerSide:0} times its longer side (100 pixels)", error.Message);
    }

    [Fact]
    public void A_pen_wider_than_the_pads_widest_is_refused_for_the_canvas_it_is_on()
    {
        var point = new[] { new StrokePoint(10, 10), new StrokePoint(100, 100) };
        DrawingLimits.Validate(new StrokeDrawing(280, 280, [new Stroke(point, DrawingPadGeometry.MaxPenWidth)]));
        DrawingLimits.Validate(new StrokeDrawing(2800, 2800, [new Stroke(point, 400)]));

        var error = Assert.Throws<ArgumentException>(() =>
            DrawingLimits.Validate(new StrokeDrawing(280, 280, [new Stroke(point, 280)])));
        Assert.Contains("pen width 280 is too wide for a 280x280 canvas; at most 40", error.Message);
    }

    [Fact]
    public void Preprocessing_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var drawing = WorstCase("short segments");

        Assert.ThrowsAny<OperationCanceledException>(() => DigitPreprocessor.Preprocess(drawing, cancelled.Token));
    }

    [Fact]
    public void Digit_shapes_even_overwritten_are_far_inside_the_path_limit()
    {
        foreach (var digit in SamplePenDigitsRatio())
        {
            Assert.True(digit < DrawingLimits.MaxPathLengthPerSide / 2, $"path/side ratio {digit}");
        }
    }

    /// <summary>Path length over size of a few digit shapes: a looped 8, a 1, a scribbled-over 0.</summary>
    private static IEnumerable<double> SamplePenDigitsRatio()
    {
        StrokeDrawing Circle(int turns) => new(280, 280, [new Stroke(
            Enumerable.Range(0, 72 * turns + 1).Select(i => new StrokePoint(140 + 60 * MathF.Cos(i * MathF.PI / 36), 140 + 90 * MathF.Sin(i * MathF.PI / 36))).ToArray(), 20)]);
        foreach (var drawing in new[] { Circle(1), Circle(3) })
        {
            var (length, side) = DrawingLimits.PathSize(drawing);
            yield return length / side;
        }
    }
}
