using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>
/// Gives in-memory requests a remote address, as Kestrel would: <paramref name="address"/> for all,
/// or the one a request names in <see cref="Header"/> (so a test can be several clients).
/// </summary>
public sealed class RemoteAddresses(IPAddress? address) : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.7");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var named)
                ? IPAddress.Parse(named.ToString())
                : address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
