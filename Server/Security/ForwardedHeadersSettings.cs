namespace MnistBlazor.Server.Security;

/// <summary>
/// Configuration section "ForwardedHeaders": the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> the server believes. Empty (the default): the headers are ignored and the
/// connection's own address is the client's. See docs/configuration.md.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses (<c>127.0.0.1</c>, <c>::1</c>, <c>10.0.0.5</c>) trusted to say who the client is.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (<c>10.0.0.0/24</c>) trusted the same way.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsEnabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
