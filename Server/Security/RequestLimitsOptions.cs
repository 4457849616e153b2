using System.ComponentModel.DataAnnotations;
using MnistBlazor.Server.Configuration;

namespace MnistBlazor.Server.Security;

/// <summary>
/// Configuration section "Limits": what one client, and all of them together, may cost the server.
/// The defaults suit one person on a small machine; docs/security.md explains each key. A value out of range stops
/// the server at start with a message naming the key (Kestrel and the limiters would otherwise fail later, or never limit).
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Open connections Kestrel keeps at once (HTTP and the app's WebSocket circuits).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:MaxConnections must be a whole number from 1 to 1000000.")]
    public long MaxConnections { get; set; } = 200;

    /// <summary>
    /// The interactive pages' connections (their circuits' WebSockets, held while a page is open) one client (one
    /// remote address) may keep at once; beyond, 429. Keeps one client from taking every one of <see cref="MaxConnections"/>.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Limits:PageConnectionsPerClient must be a whole number from 1 to 1000000.")]
    public int PageConnectionsPerClient { get; set; } = 32;

    /// <summary>Largest total size of a request's headers (bytes).</summary>
    [Range(1024, 1_048_576, ErrorMessage = "Limits:MaxRequestHeadersBytes must be a whole number from 1024 to 1048576.")]
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>Most headers in one request.</summary>
    [Range(1, 10_000, ErrorMessage = "Limits:MaxRequestHeaderCount must be a whole number from 1 to 10000.")]
    public int MaxRequestHeaderCount { get; set; } = 50;

    /// <summary>How long a client may take to send its request headers.</summary>
    [TimeRange("00:00:00.001", "01:00:00", ErrorMessage = "Limits:RequestHeadersTimeout must be a time above 0 and at most 01:00:00.")]
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an API request may run before it is cancelled (504); its work is cancelled with it,
    /// as when the client goes away.
    /// </summary>
    [TimeRange("00:00:00.001", "01:00:00", ErrorMessage = "Limits:ApiRequestTimeout must be a time above 0 and at most 01:00:00.")]
    public TimeSpan ApiRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Inference requests (<c>POST /api/predict</c>, <c>/api/explain</c>, <c>/api/layers</c>, <c>/api/drawings</c>,
    /// <c>GET /api/drawings/measure</c>) and image files opened on the drawing page running at once, all clients together
    /// (<see cref="InferenceLimiter"/>); 0 means one per processor.
    /// </summary>
    [Range(0, 1024, ErrorMessage = "Limits:InferenceConcurrency must be a whole number from 0 (one per processor) to 1024.")]
    public int InferenceConcurrency { get; set; }

    /// <summary>Inference requests waiting for a turn; beyond this they get 429 (a page, a refusal that says the server is busy).</summary>
    [Range(0, 100_000, ErrorMessage = "Limits:InferenceQueue must be a whole number from 0 to 100000.")]
    public int InferenceQueue { get; set; } = 64;

    /// <summary>API requests one client (one remote address) may make per <see cref="ClientWindow"/>; beyond this, 429.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Limits:ClientRequestsPerWindow must be a whole number of at least 1.")]
    public int ClientRequestsPerWindow { get; set; } = 300;

    [TimeRange("00:00:00.001", "1.00:00:00", ErrorMessage = "Limits:ClientWindow must be a time above 0 and at most 1.00:00:00 (a day).")]
    public TimeSpan ClientWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Owner sign-in attempts one client may make per <see cref="ClientWindow"/>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Limits:SignInAttemptsPerWindow must be a whole number of at least 1.")]
    public int SignInAttemptsPerWindow { get; set; } = 10;

    public int EffectiveInferenceConcurrency => InferenceConcurrency > 0 ? InferenceConcurrency : Environment.ProcessorCount;
}
