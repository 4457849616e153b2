using MnistBlazor.Shared.Drawings;

namespace MnistBlazor.Server.Drawings;

/// <summary>
/// The API's answer when the drawings database fails during a request: problem+json with
/// 503 Service Unavailable (busy or locked: Retry-After 1; deleted or replaced; other SQLite
/// failures) or 507 Insufficient Storage (disk or size limit full), instead of a bare 500.
/// </summary>
public static class DrawingStorageFaults
{
    public static IApplicationBuilder UseDrawingStorageFaults(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (DrawingStorageException e) when (!context.Response.HasStarted && context.Request.Path.StartsWithSegments("/api"))
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DrawingStorageFaults));
                logger.LogWarning(e, "Drawings database failure ({Fault}) on {Path}", e.Fault, context.Request.Path);
                context.Response.Clear();
                if (e.Fault == DrawingStorageFault.Busy)
                {
                    context.Response.Headers.RetryAfter = "1";
                }

                await Results.Problem(
                        title: TitleOf(e.Fault),
                        detail: e.Message,
                        statusCode: StatusOf(e.Fault),
                        extensions: new Dictionary<string, object?> { ["fault"] = e.Fault.ToString().ToLowerInvariant() })
                    .ExecuteAsync(context);
            }
        });

    public static int StatusOf(DrawingStorageFault fault) =>
        fault == DrawingStorageFault.Full ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable;

    public static string TitleOf(DrawingStorageFault fault) => fault switch
    {
        DrawingStorageFault.Busy => "Saved drawings busy",
        DrawingStorageFault.Full => "Saved drawings storage full",
        DrawingStorageFault.Replaced => "Saved drawings database replaced",
        _ => "Saved drawings unavailable",
    };
}
