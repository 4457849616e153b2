using System.Text;
using System.Text.Json;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>
/// A drawing's strokes as JSON, in the layout <c>POST /api/predict</c> accepts:
/// <c>{"width": W, "height": H, "strokes": [{"width": w, "points": [[x, y], ...]}, ...]}</c>.
/// </summary>
public static class StrokeDrawingJson
{
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

    /// <summary>Reads strokes back; <see cref="FormatException"/> names the field at fault.</summary>
    public static StrokeDrawing Deserialize(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var strokes = new List<Stroke>();
            var index = 0;
            foreach (var stroke in Property(root, "strokes", "the drawing").EnumerateArray())
            {
                var where = $"strokes[{index++}]";
                var points = Property(stroke, "points", where).EnumerateArray()
                    .Select(p => new StrokePoint(p[0].GetSingle(), p[1].GetSingle()))
                    .ToArray();
                strokes.Add(new Stroke(points, Property(stroke, "width", where).GetSingle()));
            }

            return new StrokeDrawing(Property(root, "width", "the drawing").GetInt32(), Property(root, "height", "the drawing").GetInt32(), strokes);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IndexOutOfRangeException or KeyNotFoundException)
        {
            throw new FormatException($"The strokes JSON is malformed: {e.Message}", e);
        }
    }

    private static JsonElement Property(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new KeyNotFoundException($"{where} has no \"{name}\".");
}
