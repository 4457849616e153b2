using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MnistBlazor.Server.Security;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting only the proxies in <see cref="ForwardedHeadersSettings"/>:
/// behind one, the client's address (owner access, per-client rate limits, logs) and scheme (secure cookies) come
/// from the proxy's headers; with no proxy configured the middleware is not used at all.
/// </summary>
public static class ForwardedHeaders
{
    public static WebApplicationBuilder AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        var settings = Settings(builder.Configuration);
        if (!settings.IsEnabled)
        {
            return builder;
        }

        // Parsed here, so a mistyped address stops the start naming the setting.
        var proxies = settings.KnownProxies.Select((value, index) => ParseProxy(value, index)).ToList();
        var networks = settings.KnownNetworks.Select((value, index) => ParseNetwork(value, index)).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; only what the settings name is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address.</summary>
    public static WebApplication UseConfiguredForwardedHeaders(this WebApplication app)
    {
        if (Settings(app.Configuration).IsEnabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static ForwardedHeadersSettings Settings(IConfiguration configuration) =>
        configuration.GetSection(ForwardedHeadersSettings.SectionName).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();

    private static IPAddress ParseProxy(string value, int index) =>
        IPAddress.TryParse(value.Trim(), out var address)
            ? address
            : throw new InvalidOperationException(
                $"{ForwardedHeadersSettings.SectionName}:KnownProxies:{index} '{value}' is not an IP address (for example 127.0.0.1 or ::1).");

    private static System.Net.IPNetwork ParseNetwork(string value, int index) =>
        System.Net.IPNetwork.TryParse(value.Trim(), out var network)
            ? network
            : throw new InvalidOperationException(
                $"{ForwardedHeadersSettings.SectionName}:KnownNetworks:{index} '{value}' is not a network in CIDR notation (for example 10.0.0.0/24).");
}
