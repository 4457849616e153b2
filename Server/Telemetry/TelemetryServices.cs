using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MnistBlazor.Server.Telemetry;

public static class TelemetryServices
{
    /// <summary>
    /// The meters exported: requests (ASP.NET Core hosting, Kestrel), the rate limiter (requests queued and
    /// rejected: the inference queue's length), Blazor circuits, and the server's own inference measurements.
    /// </summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        InferenceTelemetry.Name,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Components.Server.Circuits",
    ];

    /// <summary>OpenTelemetry metrics and traces, exported over OTLP when <see cref="TelemetryOptions.OtlpEndpoint"/> is set.</summary>
    public static WebApplicationBuilder AddServerTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return builder;
        }

        if (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"Telemetry:OtlpEndpoint must be an absolute http or https address of an OTLP collector (for example http://localhost:4317); got '{options.OtlpEndpoint}'.");
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter([.. Meters])
                .AddOtlpExporter(exporter => exporter.Endpoint = endpoint))
            .WithTracing(tracing => tracing
                .AddSource(InferenceTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => exporter.Endpoint = endpoint));
        return builder;
    }
}
