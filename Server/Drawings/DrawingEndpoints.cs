using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Api;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;

namespace MnistBlazor.Server.Drawings;

/// <summary>
/// The saved drawings over HTTP: the list, each canvas capture, the measurement of every model, and
/// the exports (Kaggle train.csv layout; MNIST IDX images and labels; an archive with the strokes, which
/// <c>POST /api/drawings/import</c> takes back).
/// </summary>
public static class DrawingEndpoints
{
    public const string CsvExportPath = "/api/drawings/export/csv";
    public const string IdxImagesExportPath = "/api/drawings/export/idx-images";
    public const string IdxLabelsExportPath = "/api/drawings/export/idx-labels";
    public const string ArchiveExportPath = "/" + DrawingsArchive.ExportPath;

    /// <summary>How long an import may take, sending its archive included (a few MB over a slow link; the API's other requests get seconds).</summary>
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(2);

    /// <summary><c>POST /api/drawings?digits=1</c>.</summary>
    internal static readonly ApiDescription.DigitsQueryMetadata OneDigitInParts = new(1, "save ink in parts side by side as one digit");

    public static IEndpointRouteBuilder MapDrawingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/drawings");
        api.WithRequestTimeout(RequestLimits.ApiTimeoutPolicy);
        api.MapGet("", async (DrawingService drawings, CancellationToken cancellationToken) =>
                await GuardAsync(drawings, async () => Results.Ok((await drawings.ListAsync(cancellationToken)).Select(SavedDrawingDto.From).ToArray())))
            .RequireAuthorization(OwnerAccess.DrawingsReaderPolicy)
            .Produces<SavedDrawingDto[]>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Every saved drawing: label, time, 28x28 image (0..255), each model's prediction when it was saved, and whether it looks like several digits side by side (left out of measuring and fine-tuning).");
        api.MapPost("", SaveAsync)
            .DisableAntiforgery() // JSON only (415 for anything else): no cross-site form can post it
            .RequireContentType("application/json")
            .RequireAuthorization(OwnerAccess.Policy)
            .RequireRateLimiting(RequestLimits.InferencePolicy)
            .WithMetadata(new ApiDescription.DigitBodyMetadata(ApiDescription.DigitBodyKind.SavedDrawing), OneDigitInParts)
            .Produces<SavedResponse>(StatusCodes.Status201Created)
            .ProducesBadInputProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .WithSummary("Save a drawing with its true digit: JSON {\"label\": 0..9, \"width\", \"height\", \"strokes\"} as POST /api/predict takes; every model's answer is stored with it. ?digits=1 saves ink in parts side by side as one digit, as the person says.");
        api.MapGet("/{id:long}", async (long id, DrawingService drawings, CancellationToken cancellationToken) =>
                await GuardAsync(drawings, async () => await drawings.GetAsync(id, cancellationToken) is { } saved
                    ? Results.Ok(SavedDrawingWithStrokesDto.From(saved))
                    : Results.NotFound()))
            .RequireAuthorization(OwnerAccess.DrawingsReaderPolicy)
            .Produces<SavedDrawingWithStrokesDto>()
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("One saved drawing as the list gives it, with its strokes in the layout POST /api/predict takes (to read it again).");
        api.MapGet("/{id:long}/canvas.png", (long id, DrawingService drawings) => Guard(drawings, () =>
                drawings.Store.GetCanvasPng(id) is { } png ? Results.File(png, "image/png") : Results.NotFound()))
            .RequireAuthorization(OwnerAccess.DrawingsReaderPolicy)
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .Produces(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The canvas as the browser captured it when the drawing was saved.");
        api.MapGet("/measure", async (DrawingService drawings, CancellationToken cancellationToken) =>
                await GuardAsync(drawings, async () => Results.Ok(await drawings.MeasureAsync(cancellationToken))))
            .RequireRateLimiting(RequestLimits.InferencePolicy) // every model on every drawing
            .RequireAuthorization(OwnerAccess.DrawingsReaderPolicy)
            .Produces<Client.SavedDrawings.DrawingsMeasurement>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Accuracy, per-class accuracy and confusion of every model on the saved drawings, and which of them most CNNs find unlike any digit they learned.");
        api.MapGet("/export/csv", (DrawingService drawings, CancellationToken cancellationToken) =>
                Export(drawings, DrawingExport.CsvFileName, "text/csv", DrawingExport.WriteKaggleCsv, cancellationToken))
            .RequireAuthorization(OwnerAccess.Policy)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The drawings as a Kaggle train.csv: label,pixel0..pixel783.");
        api.MapGet("/export/idx-images", (DrawingService drawings, CancellationToken cancellationToken) =>
                Export(drawings, DrawingExport.IdxImagesFileName, "application/octet-stream", DrawingExport.WriteIdxImages, cancellationToken))
            .RequireAuthorization(OwnerAccess.Policy)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The drawings' 28x28 images as an MNIST IDX3 file.");
        api.MapGet("/export/idx-labels", (DrawingService drawings, CancellationToken cancellationToken) =>
                Export(drawings, DrawingExport.IdxLabelsFileName, "application/octet-stream", DrawingExport.WriteIdxLabels, cancellationToken))
            .RequireAuthorization(OwnerAccess.Policy)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("The drawings' labels as an MNIST IDX1 file (same order as the images).");
        api.MapGet("/export/json", ExportArchive)
            .RequireAuthorization(OwnerAccess.Policy)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary($"Every saved drawing (or, with ?{DrawingsArchive.FromParameter}=ID&{DrawingsArchive.ToParameter}=ID, those with ids in that range) with its strokes, label, times and the models' answers when saved, as one JSON archive that POST /api/drawings/import takes back (on this server or another). Drawings that do not fit in one archive ({DrawingsArchive.MostDrawings} drawings, {DrawingsArchive.MostBytes} bytes) are refused with 409, which names the ranges to ask for one by one.");
        api.MapPost("/import", ImportAsync)
            .DisableAntiforgery() // JSON only (415 for anything else): no cross-site form can post it
            .RequireContentType("application/json")
            .RequireAuthorization(OwnerAccess.Policy)
            .RequireRateLimiting(RequestLimits.InferencePolicy)
            .WithMetadata(new RequestSizeLimitAttribute(DrawingsArchive.MostBytes),
                new RequestTimeoutAttribute((int)ImportTimeout.TotalMilliseconds)) // an archive of many drawings takes longer to send than one drawing
            .Produces<ImportedResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage)
            .WithSummary($"Save every drawing of an archive GET {ArchiveExportPath} gave (this server's or another's) as it was, under new ids: all of them, or none when one is not valid (the answer names it). At most {DrawingsArchive.MostDrawings} drawings and {DrawingsArchive.MostBytes} bytes.");
        return routes;
    }

    private static IResult ExportArchive(
        DrawingService drawings,
        [FromQuery(Name = DrawingsArchive.FromParameter), Description("The first drawing id wanted (1 or more); absent: from the first saved.")] long? firstId,
        [FromQuery(Name = DrawingsArchive.ToParameter), Description("The last drawing id wanted, included; absent: to the last saved.")] long? lastId,
        CancellationToken cancellationToken) => Guard(drawings, () =>
        {
            if (firstId < 1 || lastId < 1 || firstId > lastId)
            {
                return Results.Problem(title: "Invalid range", statusCode: StatusCodes.Status400BadRequest,
                    detail: $"?{DrawingsArchive.FromParameter}= and ?{DrawingsArchive.ToParameter}= are the first and last drawing ids wanted (1 or more, the first no larger than the last); got {firstId?.ToString(CultureInfo.InvariantCulture) ?? "none"} and {lastId?.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
            }

            var ranged = firstId is not null || lastId is not null;
            var parts = drawings.ArchiveParts(firstId ?? 1, lastId ?? long.MaxValue);
            if (parts.Count > 1)
            {
                var links = parts.Select(part => "/" + DrawingsArchive.PartPath(part)).ToArray();
                return Results.Problem(title: "More drawings than one archive holds", statusCode: StatusCodes.Status409Conflict,
                    detail: $"{(ranged ? "These" : "The")} {parts.Sum(part => part.Count)} drawings take {parts.Count} archives (one import reads at most {DrawingsArchive.MostDrawings} drawings and {DrawingsArchive.MostBytes} bytes); ask for them one by one: "
                        + string.Join(", ", links) + ".",
                    extensions: new Dictionary<string, object?> { ["parts"] = links });
            }

            // Exactly the drawings counted: one saved meanwhile goes into the next archive, never over its bounds.
            using var archive = new MemoryStream();
            if (parts.Count == 1)
            {
                drawings.ExportArchive(archive, parts[0].FirstId, parts[0].LastId, cancellationToken);
            }
            else
            {
                DrawingsArchive.Write(archive, []);
            }

            var fileName = ranged && parts.Count == 1 ? DrawingsArchive.FileNameOf(parts[0].FirstId, parts[0].LastId) : DrawingsArchive.FileName;
            return Results.File(archive.ToArray(), "application/json", fileName);
        });

    private static async Task<IResult> ImportAsync(HttpRequest request, DrawingService drawings, CancellationToken cancellationToken)
    {
        if (request.ContentLength > DrawingsArchive.MostBytes)
        {
            return Results.Problem(title: "Archive too large", statusCode: StatusCodes.Status413PayloadTooLarge,
                detail: $"The archive has {request.ContentLength} bytes; at most {DrawingsArchive.MostBytes} are read at once.");
        }

        try
        {
            return Results.Ok(new ImportedResponse(await drawings.ImportAsync(request.Body, cancellationToken)));
        }
        catch (FormatException e)
        {
            return Results.Problem(title: "Invalid archive", detail: $"Nothing was saved: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (DataFileException e)
        {
            return Unavailable(drawings, e);
        }
    }

    private static async Task<IResult> SaveAsync(
        HttpRequest request, DrawingService drawings, IDigitClassifier classifier, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        try
        {
            var readAsOneDigit = ApiEndpoints.SaysDigits(request, OneDigitInParts);
            var body = await ApiEndpoints.ReadBodyAsync(request, options.Value, cancellationToken);
            // The drawing first: its reader says where broken JSON is broken.
            if (JsonBodyReader.Read(body, options.Value) is not JsonBodyReader.StrokesInput strokes)
            {
                throw new BadInputException("Invalid input", "A saved drawing needs \"strokes\" (with \"width\" and \"height\"), not \"pixels\".");
            }

            var label = ReadLabel(body);

            var digit = ApiEndpoints.PreprocessDrawing(strokes.Drawing, cancellationToken);
            if (SavableDrawing.WhyNot(digit, readAsOneDigit, sayItIsOneDigit: $"say so with ?{ApiEndpoints.DigitsParameter}=1") is { } reason)
            {
                throw new BadInputException(digit.IsBlank ? "Blank drawing" : "Several digits", reason);
            }

            var classification = await classifier.ClassifyAsync(digit.Pixels, cancellationToken);
            var predictions = classification.Verdicts
                .Where(v => v.PredictedDigit is not null)
                .Select(v => new DrawingPrediction(v.ModelId, v.PredictedDigit!.Value, v.Confidence))
                .ToArray();
            var id = await drawings.SaveAsync(label, strokes.Drawing, null, predictions, readAsOneDigit, cancellationToken);
            return Results.Created($"/api/drawings/{id}", new SavedResponse(id, label, predictions, classification.IsUnfamiliar, SavableDrawing.KeepsReadAsOneDigit(digit, readAsOneDigit)));
        }
        catch (BadInputException e)
        {
            return e.ToProblem();
        }
        catch (DataFileException e)
        {
            return Unavailable(drawings, e);
        }
    }

    private static int ReadLabel(byte[] body)
    {
        using var document = JsonDocument.Parse(body); // already read once as valid JSON
        if (document.RootElement.TryGetProperty("label", out var label)
            && label.ValueKind == JsonValueKind.Number && label.TryGetInt32(out var digit) && digit is >= 0 and <= 9)
        {
            return digit;
        }

        throw new BadInputException("Invalid input", "\"label\" must be the drawing's true digit, a whole number 0..9.");
    }

    /// <summary>Writes the export with the Shared writer into a scratch folder and sends the file.</summary>
    private static IResult Export(
        DrawingService drawings, string fileName, string contentType, Func<LabeledImages, string, int> write, CancellationToken cancellationToken) =>
        Guard(drawings, () =>
        {
            var folder = Directory.CreateTempSubdirectory("mnistblazor-export-");
            try
            {
                var path = Path.Combine(folder.FullName, fileName);
                write(drawings.ReadToday(cancellationToken).All.Images, path);
                return Results.File(File.ReadAllBytes(path), contentType, fileName);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        });

    private static IResult Guard(DrawingService drawings, Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (DataFileException e)
        {
            return Unavailable(drawings, e);
        }
    }

    private static async Task<IResult> GuardAsync(DrawingService drawings, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (DataFileException e)
        {
            return Unavailable(drawings, e);
        }
    }

    private static IResult Unavailable(DrawingService drawings, DataFileException e) =>
        Results.Problem(title: "Saved drawings unavailable", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["file"] = drawings.Location });
}

/// <summary>Body of a successful <c>POST /api/drawings/import</c>: how many drawings were saved.</summary>
public sealed record ImportedResponse(int Imported);

/// <summary>Body of a successful <c>POST /api/drawings</c>.</summary>
/// <param name="Unfamiliar">Most of the CNNs find the drawing unlike any digit they learned: saved all the same, the owner decides.</param>
/// <param name="ReadAsOneDigit">Its ink stands in parts side by side, saved as one digit as the request said (<c>?digits=1</c>).</param>
public sealed record SavedResponse(long Id, int Label, IReadOnlyList<DrawingPrediction> Predictions, bool Unfamiliar, bool ReadAsOneDigit);

/// <summary>One saved drawing with its strokes: <c>drawing</c> is <c>{"width", "height", "strokes"}</c>, as <c>POST /api/predict</c> takes it.</summary>
public sealed record SavedDrawingWithStrokesDto(SavedDrawingDto Saved, JsonElement Drawing)
{
    public static SavedDrawingWithStrokesDto From(SavedDrawing drawing)
    {
        using var strokes = JsonDocument.Parse(StrokeDrawingJson.Serialize(drawing.Strokes));
        return new SavedDrawingWithStrokesDto(SavedDrawingDto.From(drawing.Summary), strokes.RootElement.Clone());
    }
}

/// <summary>One saved drawing as <c>GET /api/drawings</c> lists it.</summary>
/// <param name="ReadAsOneDigit">Its ink stands in parts side by side, saved as one digit because the person said so.</param>
public sealed record SavedDrawingDto(
    long Id,
    int Label,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RelabeledAt,
    bool HasCanvasPng,
    IReadOnlyList<int> Image,
    IReadOnlyList<DrawingPrediction> Predictions,
    bool LooksLikeSeveralDigits,
    bool ReadAsOneDigit)
{
    public static SavedDrawingDto From(SavedDrawingSummary drawing) => new(
        drawing.Id, drawing.Label, drawing.CreatedAt, drawing.RelabeledAt, drawing.HasCanvasPng,
        drawing.Image.Select(b => (int)b).ToArray(), drawing.Predictions, drawing.LooksLikeSeveralDigits, drawing.ReadAsOneDigit);
}
