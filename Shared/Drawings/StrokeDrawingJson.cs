using System.Text;
using System.Text.Json;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>
/// A drawing's strokes as JSON, in the layout <c>POST /api/predict</c> accepts:
/// <c>{"width": W, "height": H, "strokes": [{"width": w, "points": [[x, y], ...]}, ...]}</c>.
/// The one reader of that layout: every error is a <see cref="FormatException"/> that names the field at
/// fault (<c>strokes[2].points[5][0] is the string "a", not a number.</c>). It checks the JSON's shape
/// and counts; whether the drawing is acceptable (pen widths, coordinates, path) is
/// <see cref="DrawingLimits.Validate"/>'s to say.
/// </summary>
public static class StrokeDrawingJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static string Serialize(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("width", drawing.Width);
            writer.WriteNumber("height", drawing.Height);
            writer.WriteStartArray("strokes");
            foreach (var stroke in drawing.Strokes)
            {
                writer.WriteStartObject();
                writer.WriteNumber("width", stroke.Width);
                writer.WriteStartArray("points");
                foreach (var point in stroke.Points)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(point.X);
                    writer.WriteNumberValue(point.Y);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Reads a drawing sent by a client (the API): every stroke needs points, and a body beyond
    /// <paramref name="limits"/> is refused as soon as its counts are known, before its points are read.
    /// </summary>
    public static StrokeDrawing Read(JsonElement drawing, StrokeJsonLimits limits) => ReadDrawing(drawing, limits);

    /// <summary>
    /// Reads a drawing the app saved itself. Lenient where older saved drawings need it: a stroke may have
    /// no points and no limits apply (drawings saved before the limits existed still open); the JSON's
    /// shape is checked as strictly as <see cref="Read"/> checks it.
    /// </summary>
    public static StrokeDrawing ReadSaved(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The strokes JSON is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return ReadDrawing(document.RootElement, limits: null);
        }
    }

    private static StrokeDrawing ReadDrawing(JsonElement drawing, StrokeJsonLimits? limits)
    {
        if (drawing.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"A drawing must be an object with \"width\", \"height\" and \"strokes\"; it is {Describe(drawing)}.");
        }

        var width = Dimension(drawing, "width", limits);
        var height = Dimension(drawing, "height", limits);
        if (!drawing.TryGetProperty("strokes", out var strokes))
        {
            throw Bad("A drawing needs \"strokes\": an array of strokes.");
        }

        if (strokes.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"\"strokes\" must be an array of strokes; it is {Describe(strokes)}.");
        }

        if (limits is not null && strokes.GetArrayLength() > limits.MaxStrokes)
        {
            throw Bad($"\"strokes\" has {strokes.GetArrayLength()} strokes; at most {limits.MaxStrokes} are accepted.");
        }

        var result = new List<Stroke>(strokes.GetArrayLength());
        var totalPoints = 0;
        foreach (var stroke in strokes.EnumerateArray())
        {
            var where = $"strokes[{result.Count}]";
            if (stroke.ValueKind != JsonValueKind.Object)
            {
                throw Bad($"{where} must be an object with \"width\" and \"points\"; it is {Describe(stroke)}.");
            }

            if (!stroke.TryGetProperty("width", out var penWidth))
            {
                throw Bad($"{where} has no \"width\" (the pen width in canvas units).");
            }

            var pen = Number(penWidth, $"{where}.width");
            if (!stroke.TryGetProperty("points", out var points) || points.ValueKind != JsonValueKind.Array
                || (limits is not null && points.GetArrayLength() == 0))
            {
                throw Bad(limits is null
                    ? $"{where}.points must be an array of [x, y] pairs."
                    : $"{where}.points must be a non-empty array of [x, y] pairs.");
            }

            totalPoints += points.GetArrayLength();
            if (limits is not null && totalPoints > limits.MaxPoints)
            {
                throw Bad($"The drawing has more than {limits.MaxPoints} points; at most {limits.MaxPoints} are accepted (simplify the strokes).");
            }

            result.Add(new Stroke(ReadPoints(points, where), pen));
        }

        return new StrokeDrawing(width, height, result);
    }

    private static StrokePoint[] ReadPoints(JsonElement points, string strokeWhere)
    {
        var result = new StrokePoint[points.GetArrayLength()];
        var index = 0;
        foreach (var point in points.EnumerateArray())
        {
            var where = $"{strokeWhere}.points[{index}]";
            if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2)
            {
                throw Bad($"{where} must be an [x, y] pair; it is {Describe(point)}.");
            }

            result[index++] = new StrokePoint(Number(point[0], $"{where}[0]"), Number(point[1], $"{where}[1]"));
        }

        return result;
    }

    private static int Dimension(JsonElement drawing, string name, StrokeJsonLimits? limits)
    {
        if (!drawing.TryGetProperty(name, out var element))
        {
            throw Bad($"A drawing needs \"{name}\": the canvas {name} the stroke coordinates refer to.");
        }

        var maxSide = limits?.MaxSide ?? int.MaxValue;
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < 1 || value > maxSide)
        {
            throw Bad($"\"{name}\" is {QuotedText.Of(element.GetRawText())}; it must be a whole number from 1 to {maxSide}.");
        }

        return value;
    }

    /// <summary>A finite number that fits a float; also used for the API's pixels.</summary>
    public static float Number(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Bad($"{where} is {Describe(element)}, not a number.");
        }

        var value = element.GetDouble();
        if (!double.IsFinite(value) || Math.Abs(value) > float.MaxValue)
        {
            throw Bad($"{where} is {QuotedText.Of(element.GetRawText())}, not a finite number.");
        }

        return (float)value;
    }

    /// <summary>A JSON value in a few words, for error messages.</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string {QuotedText.Of(element.GetRawText())}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {element.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => QuotedText.Of(element.GetRawText()),
    };

    private static FormatException Bad(string message) => new(message);
}

/// <summary>
/// How much of a client's drawing <see cref="StrokeDrawingJson.Read"/> reads before refusing it: the
/// canvas side and the counts, so an oversized body costs no more than counting.
/// </summary>
public sealed record StrokeJsonLimits(int MaxSide, int MaxStrokes, int MaxPoints)
{
    /// <summary>The limits every drawing is held to (<see cref="DrawingLimits"/>).</summary>
    public static StrokeJsonLimits Default { get; } = new(StrokeRasterizer.MaxCanvasSide, DrawingLimits.MaxStrokes, DrawingLimits.MaxTotalPoints);
}
