using System.Net;
using System.Net.Sockets;
using MnistBlazor.Shared.Infrastructure;
using Npgsql;

namespace MnistBlazor.Tests.Support;

/// <summary>
/// A PostgreSQL server of the tests' own: a cluster made with Debian's <c>initdb</c> in a temporary
/// directory, started with <c>pg_ctl</c> on a Unix socket in that directory (no TCP, no container),
/// stopped and deleted on <see cref="Dispose"/>. Each test asks for a database of its own.
/// Without the server programs it throws, saying to install the <c>postgresql</c> package: the
/// PostgreSQL tests fail rather than skip.
/// </summary>
public sealed class TemporaryPostgres : IDisposable
{
    public const string DebianInstallRoot = "/usr/lib/postgresql";

    private const string Superuser = "mnistblazor_tests";

    /// <summary>initdb refuses to run as root; as root the cluster belongs to the first of these users found.</summary>
    private static readonly string[] ClusterOwners = ["postgres", "nobody"];

    private readonly string binaries;
    private readonly string? owner;
    private readonly string dataDirectory;
    private int databases;

    public TemporaryPostgres()
        : this(DebianInstallRoot)
    {
    }

    /// <param name="installRoot">Where the server programs are looked for, one folder per major version (Debian's layout).</param>
    internal TemporaryPostgres(string installRoot)
    {
        binaries = FindBinaries(installRoot) ?? throw new InvalidOperationException(
            "The PostgreSQL tests need PostgreSQL's server programs (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin), "
            + "which are not installed: install the Debian package 'postgresql' (apt-get install postgresql, or run scripts/setup.sh).");
        Directory = System.IO.Directory.CreateTempSubdirectory("mnistblazor-pg-").FullName;
        dataDirectory = Path.Combine(Directory, "data");
        Port = FreePort();
        try
        {
            if (IsRoot())
            {
                owner = ClusterOwners.FirstOrDefault(UserExists) ?? throw new InvalidOperationException(
                    $"initdb refuses to run as root, and none of the users {string.Join(", ", ClusterOwners)} exists to own the test cluster.");
                Run("chown", [owner, Directory]);
            }

            RunServerProgram("initdb", ["-D", dataDirectory, "-U", Superuser, "--auth=trust", "--no-sync", "-E", "UTF8", "--no-locale"]);
            RunServerProgram("pg_ctl", [
                "-D", dataDirectory, "-w", "-l", Path.Combine(Directory, "server.log"), "start",
                "-o", $"-c listen_addresses='' -k {Directory} -p {Port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            ]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The cluster's directory, which also holds its Unix socket.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Interlocked.Increment(ref databases)}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name};";
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Directory,
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
            {
                RunServerProgram("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
    }

    /// <summary>The newest installed version's bin directory (Debian installs each major version side by side).</summary>
    private static string? FindBinaries(string installRoot)
    {
        if (!System.IO.Directory.Exists(installRoot))
        {
            return null;
        }

        return System.IO.Directory.GetDirectories(installRoot)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private void RunServerProgram(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(binaries, program);
        if (owner is null)
        {
            Run(path, arguments);
        }
        else
        {
            Run("runuser", ["-u", owner, "--", path, .. arguments]);
        }
    }

    private static void Run(string program, IReadOnlyList<string> arguments)
    {
        var output = new List<string>();
        var start = new ChildProcessStart(program, arguments);
        var exitCode = ChildProcess.RunAsync(start, line => { lock (output) { output.Add(line); } }, line => { lock (output) { output.Add(line); } }, CancellationToken.None)
            .GetAwaiter().GetResult();
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{start} failed with exit code {exitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }
    }

    private static bool IsRoot()
    {
        var uid = new List<string>();
        return ChildProcess.RunAsync(new ChildProcessStart("id", ["-u"]), uid.Add, _ => { }, CancellationToken.None).GetAwaiter().GetResult() == 0
            && uid.FirstOrDefault()?.Trim() == "0";
    }

    private static bool UserExists(string user) =>
        ChildProcess.RunAsync(new ChildProcessStart("id", ["-u", user]), _ => { }, _ => { }, CancellationToken.None).GetAwaiter().GetResult() == 0;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
