using System.Net;
using System.Text;
using MnistBlazor.Shared.Infrastructure;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// Debian's nginx in front of server instances, run with the repository's reference configuration
/// (deploy/nginx, copied beside the tests) and the instances' ports in place of its example ones.
/// </summary>
public sealed class MultiInstanceNginx : IAsyncDisposable
{
    public const string ProgramPath = "/usr/sbin/nginx";

    private readonly ChildProcess process;
    private readonly StringBuilder output;

    private MultiInstanceNginx(ChildProcess process, string directory, Uri address, StringBuilder output)
    {
        this.process = process;
        this.output = output;
        Directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>nginx's prefix directory: its configuration, logs and temporary files.</summary>
    public string Directory { get; }

    /// <summary>
    /// Each request: its path, status, the instances it went to (<c>upstream=127.0.0.1:port</c>, several when one failed)
    /// and the browser's route key.
    /// </summary>
    public string AccessLog => File.Exists(Path.Combine(Directory, "access.log")) ? ReadShared(Path.Combine(Directory, "access.log")) : "";

    /// <summary>Fails, saying what to install, when nginx is missing: the test fails rather than skips.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ProgramPath))
        {
            throw new InvalidOperationException(
                $"The multi-instance test needs nginx at {ProgramPath}, which is not installed: install the Debian package 'nginx' "
                + "(apt-get install nginx, or run scripts/run-instances.sh once as root, which installs it).");
        }
    }

    public static async Task<MultiInstanceNginx> StartAsync(Uri first, Uri second)
    {
        EnsureInstalled();
        var configuration = Path.Combine(AppContext.BaseDirectory, "nginx");
        var directory = System.IO.Directory.CreateTempSubdirectory("mnistblazor-e2e-nginx-").FullName;
        // Run as root, nginx's workers switch to an unprivileged user that must reach the temporary folders.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }
        var address = new Uri($"http://localhost:{ServerProcess.FreePort()}");
        File.Copy(Path.Combine(configuration, "nginx.conf"), Path.Combine(directory, "nginx.conf"));
        var site = (await File.ReadAllTextAsync(Path.Combine(configuration, "mnistblazor.conf")))
            .Replace("127.0.0.1:5081", $"127.0.0.1:{first.Port}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5082", $"127.0.0.1:{second.Port}", StringComparison.Ordinal)
            .Replace("listen 127.0.0.1:8080;", $"listen 127.0.0.1:{address.Port};", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(directory, "mnistblazor.conf"), site);

        var output = new StringBuilder();
        var process = ChildProcess.Start(
            new ChildProcessStart(ProgramPath, ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", Path.Combine(directory, "error.log")]),
            line => Append(output, line),
            line => Append(output, line));
        var nginx = new MultiInstanceNginx(process, directory, address, output);
        await nginx.WaitUntilAnsweringAsync();
        return nginx;
    }

    /// <summary>The instance (its port) the last request with this route key went to.</summary>
    public int LastInstancePort(string routeKey)
    {
        var line = AccessLog.Split('\n').Last(l => l.Contains($"route={routeKey}", StringComparison.Ordinal) && l.Contains("upstream=127.0.0.1:", StringComparison.Ordinal));
        // A request nginx had to pass on lists every instance it tried ("127.0.0.1:a, 127.0.0.1:b"): the last one answered.
        var upstreams = line[(line.IndexOf("upstream=", StringComparison.Ordinal) + "upstream=".Length)..line.IndexOf(" route=", StringComparison.Ordinal)];
        var answered = upstreams.Split(", ")[^1];
        return int.Parse(answered[(answered.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {process.ExitCode}:\n{Output}\n{ErrorLog}");
            }

            try
            {
                if ((await client.GetAsync(new Uri(Address, "/health/live"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nginx did not answer at {Address} within 20 s:\n{Output}\n{ErrorLog}");
            }

            await Task.Delay(100);
        }
    }

    private string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private string ErrorLog => File.Exists(Path.Combine(Directory, "error.log")) ? ReadShared(Path.Combine(Directory, "error.log")) : "";

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Append(StringBuilder output, string line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Temporary folder; removed eventually.
        }
    }
}
