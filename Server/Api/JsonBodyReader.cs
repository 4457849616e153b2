using System.Globalization;
using System.Text.Json;
using MnistBlazor.Shared.Drawings;
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
            var hasStrokes = root.TryGetProperty("strokes", out _);
            return (hasPixels, hasStrokes) switch
            {
                (true, false) => new PixelsInput(ReadPixels(pixels)),
                (false, true) => new StrokesInput(ReadDrawing(root, limits)),
                (true, true) => throw Bad("The JSON body has both \"pixels\" and \"strokes\"; send one of them."),
                _ => throw Bad("The JSON body has neither \"pixels\" (784 numbers) nor \"strokes\" (a drawing)."),
            };
        }
    }

    private static float[] ReadPixels(JsonElement pixels)
    {
        if (pixels.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"\"pixels\" must be an array of {MnistGeometry.PixelCount} numbers; it is {StrokeDrawingJson.Describe(pixels)}.");
        }

        var count = pixels.GetArrayLength();
        if (count != MnistGeometry.PixelCount)
        {
            throw Bad($"\"pixels\" has {count} value{(count == 1 ? "" : "s")}; expected {MnistGeometry.PixelCount} (28x28, row-major).");
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

    /// <summary>Shape and counts by the one stroke reader; the rest is <see cref="DrawingLimits.Validate"/> when preprocessing.</summary>
    private static StrokeDrawing ReadDrawing(JsonElement root, ApiOptions limits)
    {
        try
        {
            return StrokeDrawingJson.Read(root, new StrokeJsonLimits(limits.MaxImageSide, limits.MaxStrokes, limits.MaxPoints));
        }
        catch (FormatException e)
        {
            throw Bad(e.Message);
        }
    }

    private static float Number(JsonElement element, string where)
    {
        try
        {
            return StrokeDrawingJson.Number(element, where);
        }
        catch (FormatException e)
        {
            throw Bad(e.Message);
        }
    }

    private static BadInputException Bad(string detail) => new("Invalid input", detail);
}
