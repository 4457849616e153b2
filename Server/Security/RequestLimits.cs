using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Api;

namespace MnistBlazor.Server.Security;

/// <summary>
/// ASP.NET Core's limits, set from <see cref="RequestLimitsOptions"/> and <see cref="ApiOptions"/>:
/// Kestrel's connection, header and body limits; a per-client fixed window on the API; a concurrency
/// limiter on inference, shared with the pages (<see cref="InferenceLimiter"/>); a timeout on API requests. Rejections
/// are 429 with Retry-After.
/// </summary>
public static class RequestLimits
{
    /// <summary>Rate-limiting policy of the endpoints that run the models: a concurrency limit for all clients.</summary>
    public const string InferencePolicy = "inference";

    /// <summary>Rate-limiting policy of the owner's sign-in: a few attempts per client and window.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>Request-timeout policy of the API.</summary>
    public const string ApiTimeoutPolicy = "api";

    /// <summary>Where the interactive pages connect (Blazor's hub: negotiation, then the circuit's WebSocket).</summary>
    public const string PageConnectionsPath = "/_blazor";

    /// <summary>Retry-After when the limiter cannot tell (the concurrency limiter frees permits as requests end).</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RequestLimitsOptions>().Bind(builder.Configuration.GetSection(RequestLimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>, IOptions<ApiOptions>>((kestrel, limitsOptions, apiOptions) =>
        {
            var limits = limitsOptions.Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            // Kestrel answers 413 itself beyond this; the API's reader says the same with problem details.
            kestrel.Limits.MaxRequestBodySize = apiOptions.Value.MaxRequestBytes;
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<RequestLimitsOptions>>((options, limits) =>
            options.AddPolicy(ApiTimeoutPolicy, new RequestTimeoutPolicy
            {
                Timeout = limits.Value.ApiRequestTimeout,
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = context => Results.Problem(
                    title: "Request timed out",
                    detail: $"The request took longer than {limits.Value.ApiRequestTimeout.TotalSeconds:0.###} s and was stopped.",
                    statusCode: StatusCodes.Status504GatewayTimeout).ExecuteAsync(context),
            }));

        services.AddSingleton<InferenceLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RequestLimitsOptions>>((options, limitsOptions) =>
        {
            var limits = limitsOptions.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.ClientRequestsPerWindow,
                        Window = limits.ClientWindow,
                        QueueLimit = 0,
                    })
                    // A page's WebSocket is one request for as long as the page is open: its permit is held that long.
                    : IsPageConnection(context.Request.Path)
                        ? RateLimitPartition.GetConcurrencyLimiter(PageConnectionsPath + ClientKey(context), _ => new ConcurrencyLimiterOptions
                        {
                            PermitLimit = limits.PageConnectionsPerClient,
                            QueueLimit = 0,
                        })
                        : RateLimitPartition.GetNoLimiter(""));
            options.AddPolicy(InferencePolicy, context =>
                RateLimitPartition.Get(InferencePolicy, _ => context.RequestServices.GetRequiredService<InferenceLimiter>().ForMiddleware()));
            options.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limits.SignInAttemptsPerWindow,
                Window = limits.ClientWindow,
                QueueLimit = 0,
            }));
        });
        return builder;
    }

    /// <summary>
    /// A page connecting: its negotiation, or its connection (the WebSocket, or a long poll). Not the hub's other
    /// requests: the script's start-up files, and the beacon that ends a circuit when its page closes.
    /// </summary>
    public static bool IsPageConnection(PathString path) =>
        path.Equals(PageConnectionsPath) || path.Equals(PageConnectionsPath + "/negotiate");

    /// <summary>The client a window counts for: its remote address (all local callers share one).</summary>
    public static string ClientKey(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "local";

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : DefaultRetryAfter;
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
                title: "Too many requests",
                detail: $"The server is busy or this client sent too many requests; retry after {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(rejected.HttpContext);
    }
}
