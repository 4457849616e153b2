using System.Globalization;
using System.Text.Json;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// Reads the two JSON bodies of <c>POST /api/predict</c>:
/// <c>{"pixels": [784 numbers]}</c> (row-major 28x28, 0..1 with 1 = ink, or 0..255), or
/// <c>{"width": W, "height": H, "strokes": [{"width": w, "points": [[x, y], ...]}, ...]}</c>.
/// Every error names the field at fault.
/// </summary>
public static class JsonBodyReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <summary>What a JSON body holds: either ready pixels or a drawing to preprocess.</summary>
    public abstract record JsonInput;

    public sealed record PixelsInput(float[] Pixels) : JsonInput;

    public sealed record StrokesInput(StrokeDrawing Drawing) : JsonInput;

    public static JsonInput Read(byte[] body, ApiOptions limits)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw new BadInputException("Invalid JSON", $"The body is not valid JSON{where}: {e.Message.Split(" LineNumber")[0].Trim()}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad("The JSON body must be an object with either \"pixels\" or \"strokes\".");
            }

            var hasPixels = root.TryGetProperty("pixels", out var pixels);
            var hasStrokes = root.TryGetProperty("strokes", out var strokes);
            return (hasPixels, hasStrokes) switch
            {
                (true, false) => new PixelsInput(ReadPixels(pixels)),
                (false, true) => new StrokesInput(ReadDrawing(root, strokes, limits)),
                (true, true) => throw Bad("The JSON body has both \"pixels\" and \"strokes\"; send one of them."),
                _ => throw Bad("The JSON body has neither \"pixels\" (784 numbers) nor \"strokes\" (a drawing)."),
            };
        }
    }

    private static float[] ReadPixels(JsonElement pixels)
    {
        if (pixels.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"\"pixels\" must be an array of {MnistGeometry.PixelCount} numbers; it is {Describe(pixels)}.");
        }

        var count = pixels.GetArrayLength();
        if (count != MnistGeometry.PixelCount)
        {
            throw Bad($"\"pixels\" has {count} values; expected {MnistGeometry.PixelCount} (28x28, row-major).");
        }

        var values = new float[count];
        var index = 0;
        foreach (var element in pixels.EnumerateArray())
        {
            values[index] = Number(element, $"pixels[{index}]");
            index++;
        }

        var max = values.Max();
        var min = values.Min();
        if (min < 0 || max > 255)
        {
            var at = Array.FindIndex(values, v => v < 0 || v > 255);
            throw Bad($"pixels[{at}] is {values[at].ToString(CultureInfo.InvariantCulture)}; values must be 0..1 (1 = ink) or 0..255.");
        }

        if (max > 1)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] /= 255f;
            }
        }

        return values;
    }

    private static StrokeDrawing ReadDrawing(JsonElement root, JsonElement strokes, ApiOptions limits)
    {
        var width = Dimension(root, "width", limits);
        var height = Dimension(root, "height", limits);
        if (strokes.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"\"strokes\" must be an array of strokes; it is {Describe(strokes)}.");
        }

        if (strokes.GetArrayLength() > limits.MaxStrokes)
        {
            throw Bad($"\"strokes\" has {strokes.GetArrayLength()} strokes; at most {limits.MaxStrokes} are accepted.");
        }

        var result = new List<Stroke>();
        var totalPoints = 0;
        var strokeIndex = 0;
        foreach (var stroke in strokes.EnumerateArray())
        {
            var where = $"strokes[{strokeIndex}]";
            if (stroke.ValueKind != JsonValueKind.Object)
            {
                throw Bad($"{where} must be an object with \"width\" and \"points\"; it is {Describe(stroke)}.");
            }

            if (!stroke.TryGetProperty("width", out var widthElement))
            {
                throw Bad($"{where} has no \"width\" (the pen width in canvas units).");
            }

            var penWidth = Number(widthElement, $"{where}.width");
            var maxPenWidth = DrawingLimits.MaxPenWidth(width, height);
            if (penWidth <= 0 || penWidth > maxPenWidth)
            {
                throw Bad($"{where}.width is {penWidth.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most {maxPenWidth.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (!stroke.TryGetProperty("points", out var points) || points.ValueKind != JsonValueKind.Array || points.GetArrayLength() == 0)
            {
                throw Bad($"{where}.points must be a non-empty array of [x, y] pairs.");
            }

            totalPoints += points.GetArrayLength();
            if (totalPoints > limits.MaxPoints)
            {
                throw Bad($"The drawing has more than {limits.MaxPoints} points; at most {limits.MaxPoints} are accepted (simplify the strokes).");
            }

            var strokePoints = new List<StrokePoint>(points.GetArrayLength());
            var pointIndex = 0;
            foreach (var point in points.EnumerateArray())
            {
                var pointWhere = $"{where}.points[{pointIndex}]";
                if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2)
                {
                    throw Bad($"{pointWhere} must be an [x, y] pair; it is {Describe(point)}.");
                }

                var x = Number(point[0], $"{pointWhere}[0]");
                var y = Number(point[1], $"{pointWhere}[1]");
                // Like the rasterizer: points may stray off the canvas, by at most its own size.
                if (x < -width || x > 2f * width || y < -height || y > 2f * height)
                {
                    throw Bad($"{pointWhere} is ({x.ToString(CultureInfo.InvariantCulture)}, {y.ToString(CultureInfo.InvariantCulture)}), "
                        + $"too far outside the {width}x{height} canvas (allowed: x {-width}..{2 * width}, y {-height}..{2 * height}).");
                }

                strokePoints.Add(new StrokePoint(x, y));
                pointIndex++;
            }

            result.Add(new Stroke(strokePoints, penWidth));
            strokeIndex++;
        }

        return new StrokeDrawing(width, height, result);
    }

    private static int Dimension(JsonElement root, string name, ApiOptions limits)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            throw Bad($"A drawing needs \"{name}\": the canvas {name} the stroke coordinates refer to.");
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < 1 || value > limits.MaxImageSide)
        {
            throw Bad($"\"{name}\" is {element.GetRawText()}; it must be a whole number from 1 to {limits.MaxImageSide}.");
        }

        return value;
    }

    private static float Number(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Bad($"{where} is {Describe(element)}, not a number.");
        }

        var value = element.GetDouble();
        if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
        {
            throw Bad($"{where} is {element.GetRawText()}, not a finite number.");
        }

        return (float)value;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {Truncate(element.GetRawText())}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => Truncate(element.GetRawText()),
    };

    private static string Truncate(string text) => text.Length > 40 ? text[..40] + "..." : text;

    private static BadInputException Bad(string detail) => new("Invalid input", detail);
}
