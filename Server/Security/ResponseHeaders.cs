namespace MnistBlazor.Server.Security;

/// <summary>
/// Headers on every response beyond what ASP.NET Core sends itself (Blazor's frame-ancestors policy; HSTS over HTTPS
/// outside Development): browsers take each response for the type it declares and never guess one from its content
/// (a saved drawing or an export cannot be read as a script or a stylesheet), and no page tells other sites which
/// address it was opened from.
/// </summary>
public static class ResponseHeaders
{
    public const string NoSniff = "nosniff";

    public const string ReferrerPolicy = "same-origin";

    /// <summary>Set as the response starts, so that error pages, whose handlers clear the headers first, carry them too.</summary>
    public static IApplicationBuilder UseResponseHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            headers.XContentTypeOptions = NoSniff;
            headers["Referrer-Policy"] = ReferrerPolicy;
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
