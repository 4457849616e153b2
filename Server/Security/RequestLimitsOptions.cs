namespace MnistBlazor.Server.Security;

/// <summary>
/// Configuration section "Limits": what one client, and all of them together, may cost the server.
/// The defaults suit one person on a small machine; docs/security.md explains each key.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Open connections Kestrel keeps at once (HTTP and the app's WebSocket circuits).</summary>
    public long MaxConnections { get; set; } = 200;

    /// <summary>Largest total size of a request's headers (bytes).</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>Most headers in one request.</summary>
    public int MaxRequestHeaderCount { get; set; } = 50;

    /// <summary>How long a client may take to send its request headers.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an API request may run before it is cancelled (504); its work is cancelled with it,
    /// as when the client goes away.
    /// </summary>
    public TimeSpan ApiRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Inference requests (<c>POST /api/predict</c>, <c>POST /api/drawings</c>, <c>GET /api/drawings/measure</c>) running at once, all
    /// clients together; 0 means one per processor.
    /// </summary>
    public int InferenceConcurrency { get; set; }

    /// <summary>Inference requests waiting for a turn; beyond this they get 429.</summary>
    public int InferenceQueue { get; set; } = 64;

    /// <summary>API requests one client (one remote address) may make per <see cref="ClientWindow"/>; beyond this, 429.</summary>
    public int ClientRequestsPerWindow { get; set; } = 300;

    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Owner sign-in attempts one client may make per <see cref="ClientWindow"/>.</summary>
    public int SignInAttemptsPerWindow { get; set; } = 10;

    public int EffectiveInferenceConcurrency => InferenceConcurrency > 0 ? InferenceConcurrency : Environment.ProcessorCount;
}
