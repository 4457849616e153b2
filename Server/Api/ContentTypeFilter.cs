namespace MnistBlazor.Server.Api;

/// <summary>
/// Endpoints that read their body themselves (to apply their own size limits) declare the media
/// types they take; anything else, including a body without a Content-Type, a text/plain body or
/// an HTML form, gets 415 before the body is read. Browsers send those three cross-site without
/// asking (no CORS preflight), so refusing them keeps other sites from posting here.
/// </summary>
public static class ContentTypeFilter
{
    /// <summary>
    /// Takes only <paramref name="mediaTypes"/> (exact, case-insensitive; "application/json" also
    /// accepts any "+json" type).
    /// </summary>
    public static RouteHandlerBuilder RequireContentType(this RouteHandlerBuilder builder, params string[] mediaTypes) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var contentType = context.HttpContext.Request.ContentType;
            return Accepts(contentType, mediaTypes)
                ? await next(context)
                : Unsupported(contentType, mediaTypes).ToProblem();
        });

    public static bool Accepts(string? contentType, IReadOnlyCollection<string> mediaTypes)
    {
        var mediaType = MediaType(contentType);
        return mediaType.Length > 0 && mediaTypes.Any(accepted =>
            accepted.Equals(mediaType, StringComparison.OrdinalIgnoreCase)
            || (accepted == "application/json" && mediaType.StartsWith("application/", StringComparison.Ordinal) && mediaType.EndsWith("+json", StringComparison.Ordinal)));
    }

    /// <summary>The media type without parameters, lower case; empty when there is none.</summary>
    public static string MediaType(string? contentType) => (contentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

    public static BadInputException Unsupported(string? contentType, IReadOnlyCollection<string> mediaTypes) => new(
        "Unsupported content type",
        (string.IsNullOrWhiteSpace(contentType) ? "The request has no Content-Type" : $"Content-Type '{contentType}' is not accepted")
            + (mediaTypes.Count == 1 ? $"; send {mediaTypes.First()}." : $"; send one of: {string.Join(", ", mediaTypes)}."),
        StatusCodes.Status415UnsupportedMediaType);
}
