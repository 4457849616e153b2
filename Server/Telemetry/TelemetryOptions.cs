namespace MnistBlazor.Server.Telemetry;

/// <summary>Where OpenTelemetry sends the server's metrics and traces (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OTLP collector's address (for example <c>http://localhost:4317</c>); when empty, nothing is exported
    /// and the meters can still be read on the machine with <c>dotnet-counters</c>.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The service name the exported data carries (one per instance behind a load balancer, if wanted).</summary>
    public string ServiceName { get; set; } = "mnistblazor";
}
