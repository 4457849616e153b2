using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>The real MnistBlazor server, started from its build output on a free loopback port.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess process;
    private readonly StringBuilder output;
    private string? drawingsDirectory;

    private ServerProcess(ChildProcess process, Uri address, StringBuilder output)
    {
        this.process = process;
        this.output = output;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the server on the models in <paramref name="modelsDirectory"/>. Its saved-drawings
    /// database is a fresh scratch file (removed on dispose), never the repository's data folder.
    /// <paramref name="configuration"/> adds settings as environment variables (<c>PenDigits__File</c>, ...).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string modelsDirectory, IReadOnlyDictionary<string, string>? configuration = null)
    {
        var directory = typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ServerOutputDirectory").Value!;
        var assembly = Path.Combine(directory, "MnistBlazor.Server.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"The server is not built: {assembly} is missing.", assembly);
        }

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var drawingsDirectory = Directory.CreateTempSubdirectory("mnistblazor-e2e-drawings-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Models__Directory"] = modelsDirectory,
            ["Models__ReloadDelay"] = "00:00:00.200",
            ["Drawings__DatabasePath"] = Path.Combine(drawingsDirectory, "drawings.db"),
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var output = new StringBuilder();
        var process = ChildProcess.Start(
            new ChildProcessStart("dotnet", [assembly, "--urls", address.ToString()])
            {
                WorkingDirectory = directory,
                Environment = environment,
            },
            line => Append(output, line),
            line => Append(output, line));
        var server = new ServerProcess(process, address, output) { drawingsDirectory = drawingsDirectory };
        await server.WaitUntilReadyAsync();
        return server;
    }

    private static void Append(StringBuilder output, string line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode}:\n{Output}");
            }

            try
            {
                var response = await client.GetAsync(new Uri(Address, "/api/models"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The server did not answer at {Address} within 90 s:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        if (drawingsDirectory is not null && Directory.Exists(drawingsDirectory))
        {
            Directory.Delete(drawingsDirectory, recursive: true);
        }
    }
}
