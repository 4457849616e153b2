using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>The real MnistBlazor server, started from its build output on a free loopback port.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private string? drawingsDirectory;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Models__Directory"] = modelsDirectory;
        start.Environment["Models__ReloadDelay"] = "00:00:00.200";
        var drawingsDirectory = Directory.CreateTempSubdirectory("mnistblazor-e2e-drawings-").FullName;
        start.Environment["Drawings__DatabasePath"] = Path.Combine(drawingsDirectory, "drawings.db");
        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, address) { drawingsDirectory = drawingsDirectory };
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        if (drawingsDirectory is not null && Directory.Exists(drawingsDirectory))
        {
            Directory.Delete(drawingsDirectory, recursive: true);
        }
    }
}
