using System.Globalization;
using System.Text.Json;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>
/// Every saved drawing in one JSON file, to keep a copy or to move them to another server: label, times, the person's
/// one-digit word, the 28x28 image and the models' answers when saved, and the strokes in the layout
/// <c>POST /api/predict</c> takes (<see cref="StrokeDrawingJson"/>), so the drawings are read again from their strokes
/// wherever they go. Canvas captures are left out (a few KB to 2 MB each; nothing reads them but a person).
/// <code>{"format": "mnistblazor-drawings", "version": 1, "drawings": [{"label": 7, "createdAt": "...", "relabeledAt": null,
///   "readAsOneDigit": false, "image": "&lt;784 bytes, base64&gt;", "predictions": [{"modelId": "nn", "digit": 7, "confidence": 0.98}],
///   "drawing": {"width": 280, "height": 280, "strokes": [...]}}]}</code>
/// The reader checks everything before anything is saved; each error is a <see cref="FormatException"/> naming the
/// drawing and field at fault (<c>drawings[3].label is 12; it must be a whole number 0..9.</c>).
/// </summary>
public static class DrawingsArchive
{
    public const string Format = "mnistblazor-drawings";
    public const int Version = 1;
    public const string FileName = "my-digits.json";

    /// <summary>Where the server gives the archive, relative to the app's base.</summary>
    public const string ExportPath = "api/drawings/export/json";

    /// <summary>The query parameters of <see cref="ExportPath"/> that choose the drawings by id, from the first to the last.</summary>
    public const string FromParameter = "from", ToParameter = "to";

    /// <summary>The link to one part's archive (<see cref="Parts"/>), relative to the app's base.</summary>
    public static string PartPath(DrawingsArchivePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return string.Create(CultureInfo.InvariantCulture, $"{ExportPath}?{FromParameter}={part.FirstId}&{ToParameter}={part.LastId}");
    }

    /// <summary>The name of an archive of the drawings with ids from <paramref name="firstId"/> to <paramref name="lastId"/>: <c>my-digits-5001-10000.json</c>.</summary>
    public static string FileNameOf(long firstId, long lastId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(FileName)}-{firstId}-{lastId}.json");

    /// <summary>
    /// The most drawings one archive may hold: more than a person saves in years, and few enough that the pages that list
    /// and measure them all stay quick.
    /// </summary>
    public const int MostDrawings = 5_000;

    /// <summary>The largest archive read (bytes): <see cref="MostDrawings"/> drawings of up to a few KB of strokes each.</summary>
    public const long MostBytes = 32L * 1024 * 1024;

    /// <summary>
    /// The most bytes a drawing takes in an archive beside its strokes and predictions: its label, both times, the
    /// one-digit word, its 28x28 image in base64 (1,048 characters), the keys and separators.
    /// </summary>
    private const int MostBytesBesideStrokes = 1_400;

    /// <summary>The most bytes a prediction takes in an archive beside its model id: its keys, digit and confidence.</summary>
    private const int MostBytesPerPrediction = 64;

    /// <summary>What one character of a model id can take in an archive: non-ASCII is written escaped (<c>\uXXXX</c>).</summary>
    private const int MostBytesPerModelIdCharacter = 6;

    /// <summary>What the archive's own fields and brackets take around its drawings.</summary>
    private const int MostBytesAroundDrawings = 128;

    /// <summary>The longest model id read from an archive (the catalogue's are a few characters).</summary>
    private const int MostModelIdLength = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static void Write(Stream output, IEnumerable<SavedDrawing> drawings)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(drawings);
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString("format", Format);
        writer.WriteNumber("version", Version);
        writer.WriteStartArray("drawings");
        foreach (var drawing in drawings)
        {
            var summary = drawing.Summary;
            writer.WriteStartObject();
            writer.WriteNumber("label", summary.Label);
            writer.WriteString("createdAt", summary.CreatedAt);
            if (summary.RelabeledAt is { } relabeled)
            {
                writer.WriteString("relabeledAt", relabeled);
            }
            else
            {
                writer.WriteNull("relabeledAt");
            }

            writer.WriteBoolean("readAsOneDigit", summary.ReadAsOneDigit);
            writer.WriteBase64String("image", summary.Image);
            writer.WriteStartArray("predictions");
            foreach (var prediction in summary.Predictions)
            {
                writer.WriteStartObject();
                writer.WriteString("modelId", prediction.ModelId);
                writer.WriteNumber("digit", prediction.Digit);
                writer.WriteNumber("confidence", prediction.Confidence);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("drawing");
            writer.WriteRawValue(StrokeDrawingJson.Serialize(drawing.Strokes), skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The most bytes a saved drawing can take in an archive, from its strokes' saved JSON length (which the archive
    /// writes again as saved), its number of predictions and the characters of their model ids.
    /// </summary>
    public static long MostBytesOf(long strokesJsonLength, int predictions, long modelIdCharacters) =>
        MostBytesBesideStrokes + strokesJsonLength + (long)predictions * MostBytesPerPrediction + modelIdCharacters * MostBytesPerModelIdCharacter;

    /// <summary>
    /// Cuts drawings, in id order, into the fewest archives that <see cref="ReadAsync"/> reads whole: each at most
    /// <see cref="MostDrawings"/> drawings and <see cref="MostBytes"/> bytes, every drawing in exactly one. None for no
    /// drawings.
    /// </summary>
    /// <param name="drawings">Each drawing's id, in increasing order, and the most bytes it takes (<see cref="MostBytesOf"/>).</param>
    public static IReadOnlyList<DrawingsArchivePart> Parts(IEnumerable<(long Id, long MostBytes)> drawings)
    {
        ArgumentNullException.ThrowIfNull(drawings);
        var parts = new List<DrawingsArchivePart>();
        (long First, long Last, int Count, long Bytes)? current = null;
        foreach (var (id, bytes) in drawings)
        {
            if (current is { } part && (part.Count == MostDrawings || part.Bytes + bytes > MostBytes - MostBytesAroundDrawings))
            {
                parts.Add(new DrawingsArchivePart(parts.Count + 1, part.First, part.Last, part.Count));
                current = null;
            }

            current = current is { } open ? (open.First, id, open.Count + 1, open.Bytes + bytes) : (id, id, 1, bytes);
        }

        if (current is { } last)
        {
            parts.Add(new DrawingsArchivePart(parts.Count + 1, last.First, last.Last, last.Count));
        }

        return parts;
    }

    /// <summary>Reads an archive <see cref="Write"/> wrote (or one made by hand in its layout): the drawings to save, in its order.</summary>
    /// <exception cref="FormatException">The file is not such an archive, or a drawing in it is not valid (names which and why).</exception>
    public static async Task<IReadOnlyList<NewDrawing>> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(input, DocumentOptions, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The file is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new FormatException($"The file is not an archive of saved drawings: it needs \"format\": \"{Format}\" (the file My digits' \"All, with strokes\" gives).");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out var number) || number != Version)
            {
                throw new FormatException(
                    $"The archive's \"version\" is {(root.TryGetProperty("version", out var found) ? StrokeDrawingJson.Describe(found) : "missing")}; this MnistBlazor reads version {Version}.");
            }

            if (!root.TryGetProperty("drawings", out var drawings) || drawings.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The archive needs \"drawings\": an array of drawings.");
            }

            if (drawings.GetArrayLength() > MostDrawings)
            {
                throw new FormatException($"The archive holds {drawings.GetArrayLength()} drawings; at most {MostDrawings} are read at once.");
            }

            var result = new List<NewDrawing>(drawings.GetArrayLength());
            foreach (var drawing in drawings.EnumerateArray())
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(ReadDrawing(drawing, $"drawings[{result.Count}]"));
            }

            return result;
        }
    }

    private static NewDrawing ReadDrawing(JsonElement drawing, string where)
    {
        if (drawing.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{where} must be an object; it is {StrokeDrawingJson.Describe(drawing)}.");
        }

        var label = Required(drawing, "label", where);
        if (label.ValueKind != JsonValueKind.Number || !label.TryGetInt32(out var digit) || digit is < 0 or > 9)
        {
            throw Bad($"{where}.label is {StrokeDrawingJson.Describe(label)}; it must be a whole number 0..9.");
        }

        var createdAt = Time(Required(drawing, "createdAt", where), $"{where}.createdAt");
        DateTimeOffset? relabeledAt = drawing.TryGetProperty("relabeledAt", out var relabeled) && relabeled.ValueKind != JsonValueKind.Null
            ? Time(relabeled, $"{where}.relabeledAt")
            : null;
        var readAsOneDigit = false;
        if (drawing.TryGetProperty("readAsOneDigit", out var oneDigit))
        {
            readAsOneDigit = oneDigit.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw Bad($"{where}.readAsOneDigit is {StrokeDrawingJson.Describe(oneDigit)}; it must be true or false."),
            };
        }

        var image = Required(drawing, "image", where);
        byte[]? pixels = null;
        if (image.ValueKind != JsonValueKind.String || !image.TryGetBytesFromBase64(out pixels) || pixels.Length != MnistGeometry.PixelCount)
        {
            throw Bad($"{where}.image must be the 28x28 image's {MnistGeometry.PixelCount} bytes in base64; it is "
                + (pixels is null ? StrokeDrawingJson.Describe(image) : $"{pixels.Length} bytes") + ".");
        }

        StrokeDrawing strokes;
        try
        {
            strokes = StrokeDrawingJson.Read(Required(drawing, "drawing", where), StrokeJsonLimits.Default);
            if (strokes.Strokes.Count > 0)
            {
                DrawingLimits.Validate(strokes);
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Bad($"{where}.drawing: {e.Message}");
        }

        return new NewDrawing(digit, strokes.Strokes.Count == 0 ? SavedDrawing.NoStrokes : strokes, pixels, null, Predictions(drawing, where), createdAt)
        {
            ReadAsOneDigit = readAsOneDigit,
            RelabeledAt = relabeledAt,
        };
    }

    private static DrawingPrediction[] Predictions(JsonElement drawing, string where)
    {
        if (!drawing.TryGetProperty("predictions", out var predictions) || predictions.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (predictions.ValueKind != JsonValueKind.Array)
        {
            throw Bad($"{where}.predictions must be an array; it is {StrokeDrawingJson.Describe(predictions)}.");
        }

        var result = new List<DrawingPrediction>(predictions.GetArrayLength());
        foreach (var prediction in predictions.EnumerateArray())
        {
            var at = $"{where}.predictions[{result.Count}]";
            if (prediction.ValueKind != JsonValueKind.Object)
            {
                throw Bad($"{at} must be an object with \"modelId\", \"digit\" and \"confidence\"; it is {StrokeDrawingJson.Describe(prediction)}.");
            }

            var modelId = Required(prediction, "modelId", at);
            if (modelId.ValueKind != JsonValueKind.String || modelId.GetString() is not { Length: > 0 and <= MostModelIdLength } id)
            {
                throw Bad($"{at}.modelId must be a model's id, 1 to {MostModelIdLength} characters; it is {StrokeDrawingJson.Describe(modelId)}.");
            }

            var digit = Required(prediction, "digit", at);
            if (digit.ValueKind != JsonValueKind.Number || !digit.TryGetInt32(out var answer) || answer is < 0 or > 9)
            {
                throw Bad($"{at}.digit is {StrokeDrawingJson.Describe(digit)}; it must be a whole number 0..9.");
            }

            var confidence = StrokeDrawingJson.Number(Required(prediction, "confidence", at), $"{at}.confidence");
            if (confidence is < 0 or > 1)
            {
                throw Bad($"{at}.confidence is {confidence.ToString(CultureInfo.InvariantCulture)}; it must be from 0 to 1.");
            }

            result.Add(new DrawingPrediction(id, answer, confidence));
        }

        return [.. result];
    }

    private static JsonElement Required(JsonElement parent, string name, string where) =>
        parent.TryGetProperty(name, out var value) ? value : throw Bad($"{where} has no \"{name}\".");

    private static DateTimeOffset Time(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var time)
            ? time
            : throw Bad($"{where} is {StrokeDrawingJson.Describe(element)}; it must be a date and time such as \"2026-12-07T21:18:07Z\".");

    private static FormatException Bad(string message) => new(message);
}

/// <summary>
/// One archive of a server whose drawings do not fit in one (<see cref="DrawingsArchive.Parts"/>): the
/// <paramref name="Count"/> drawings with ids from <paramref name="FirstId"/> to <paramref name="LastId"/>.
/// </summary>
public sealed record DrawingsArchivePart(int Number, long FirstId, long LastId, int Count);
