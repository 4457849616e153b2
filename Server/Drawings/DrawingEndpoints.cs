using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;

namespace MnistBlazor.Server.Drawings;

/// <summary>
/// The saved drawings over HTTP: the list, each canvas capture, the measurement of every model, and
/// the exports (Kaggle train.csv layout; MNIST IDX images and labels).
/// </summary>
public static class DrawingEndpoints
{
    public const string CsvExportPath = "/api/drawings/export/csv";
    public const string IdxImagesExportPath = "/api/drawings/export/idx-images";
    public const string IdxLabelsExportPath = "/api/drawings/export/idx-labels";

    public static IEndpointRouteBuilder MapDrawingsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/drawings");
        api.MapGet("", (DrawingService drawings) => Guard(drawings, () => Results.Ok(drawings.Store.List().Select(SavedDrawingDto.From).ToArray())))
            .WithSummary("Every saved drawing: label, time, 28x28 image (0..255) and each model's prediction when it was saved.");
        api.MapGet("/{id:long}/canvas.png", (long id, DrawingService drawings) => Guard(drawings, () =>
                drawings.Store.Get(id) is { CanvasPng: { } png } ? Results.File(png, "image/png") : Results.NotFound()))
            .WithSummary("The canvas as the browser captured it when the drawing was saved.");
        api.MapGet("/measure", async (DrawingService drawings, CancellationToken cancellationToken) =>
                await GuardAsync(drawings, async () => Results.Ok(await drawings.MeasureAsync(cancellationToken))))
            .WithSummary("Accuracy, per-class accuracy and confusion of every model on the saved drawings.");
        api.MapGet("/export/csv", (DrawingService drawings) =>
                Export(drawings, DrawingExport.CsvFileName, "text/csv", DrawingExport.WriteKaggleCsv))
            .WithSummary("The drawings as a Kaggle train.csv: label,pixel0..pixel783.");
        api.MapGet("/export/idx-images", (DrawingService drawings) =>
                Export(drawings, DrawingExport.IdxImagesFileName, "application/octet-stream", DrawingExport.WriteIdxImages))
            .WithSummary("The drawings' 28x28 images as an MNIST IDX3 file.");
        api.MapGet("/export/idx-labels", (DrawingService drawings) =>
                Export(drawings, DrawingExport.IdxLabelsFileName, "application/octet-stream", DrawingExport.WriteIdxLabels))
            .WithSummary("The drawings' labels as an MNIST IDX1 file (same order as the images).");
        return routes;
    }

    /// <summary>Writes the export with the Shared writer into a scratch folder and sends the file.</summary>
    private static IResult Export(DrawingService drawings, string fileName, string contentType, Func<DrawingStore, string, int> write) =>
        Guard(drawings, () =>
        {
            var folder = Directory.CreateTempSubdirectory("mnistblazor-export-");
            try
            {
                var path = Path.Combine(folder.FullName, fileName);
                write(drawings.Store, path);
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

/// <summary>One saved drawing as <c>GET /api/drawings</c> lists it.</summary>
public sealed record SavedDrawingDto(
    long Id,
    int Label,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RelabeledAt,
    bool HasCanvasPng,
    IReadOnlyList<int> Image,
    IReadOnlyList<DrawingPrediction> Predictions)
{
    public static SavedDrawingDto From(SavedDrawingSummary drawing) => new(
        drawing.Id, drawing.Label, drawing.CreatedAt, drawing.RelabeledAt, drawing.HasCanvasPng,
        drawing.Image.Select(b => (int)b).ToArray(), drawing.Predictions);
}
