using System.Security.Cryptography;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.PenDigits;

/// <summary>
/// A file of real pen-drawn digits, read and turned into the 28x28 images the models receive by
/// exactly the path a drawing on the pad takes: trajectory -> <see cref="StrokeDrawing"/> ->
/// <see cref="DigitPreprocessor"/>.
/// </summary>
public sealed class PenDigitSet
{
    /// <summary>The name recorded in metrics measured on pen digits (<c>metrics-pen-digits.json</c>).</summary>
    public const string DatasetName = "pen-digits";

    /// <summary>
    /// SHA-256 of the development set this project measures on: the UCI "Pen-Based Recognition of
    /// Handwritten Digits" original trajectories of 4 writers, 999 digits (<c>pendigits-writers-1-4.tes</c>).
    /// </summary>
    public const string DevelopmentSetSha256 = "f83ba9853eac89cd09ef66a6fc67a8a91f75c077093b0f7e72b7f93d68027755";

    /// <summary>Where the app and the CLI look when no path is configured: <c>&lt;data&gt;/pen-digits.tes</c>.</summary>
    public static string DefaultPath(string dataDirectory) => Path.Combine(dataDirectory, "pen-digits.tes");

    /// <summary>How to get a pen-digit file, for messages shown when none is configured.</summary>
    public const string HowToGet =
        "Real pen-drawn digits come from the UCI Machine Learning Repository's \"Pen-Based Recognition of Handwritten Digits\" " +
        "(Alpaydin and Alimoglu, CC BY 4.0): take a file of its original, unnormalized UNIPEN trajectories (.tes or .tra), " +
        "save it as data/pen-digits.tes or set PenDigits:File (CLI: --pen-digits FILE).";

    private PenDigitSet(string sourceName, string sha256, IReadOnlyList<PenDigit> digits)
    {
        SourceName = sourceName;
        Sha256 = sha256;
        Digits = digits;
        Writers = digits.Where(d => d.Writer is not null).Select(d => d.Writer!.Value).Distinct().Order().ToArray();
        indicesByWriter = digits.Where(d => d.Writer is not null)
            .GroupBy(d => d.Writer!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<int>)g.Select(d => d.Index).ToHashSet());
    }

    private readonly Dictionary<int, IReadOnlySet<int>> indicesByWriter;

    /// <summary>The file's name without its directory (paths stay out of pages and responses).</summary>
    public string SourceName { get; }

    public string Sha256 { get; }

    public IReadOnlyList<PenDigit> Digits { get; }

    public bool IsDevelopmentSet => string.Equals(Sha256, DevelopmentSetSha256, StringComparison.OrdinalIgnoreCase);

    /// <summary>The writers' numbers, ascending (none when the file names no writers).</summary>
    public IReadOnlyList<int> Writers { get; }

    /// <summary>A model's accuracy on each writer's digits, in writer order, from its metrics on this set.</summary>
    /// <exception cref="ArgumentException">The metrics were measured on a set of another size.</exception>
    public IReadOnlyList<WriterAccuracy> AccuracyByWriter(Records.TestMetrics metrics)
    {
        RequireMeasuredOnThisSet(metrics);
        var wrong = metrics.Misclassified.Select(m => m.Index).ToHashSet();
        return Writers.Select(writer =>
        {
            var written = IndicesBy(writer);
            return new WriterAccuracy(writer, written.Count, written.Count(wrong.Contains));
        }).ToArray();
    }

    /// <summary>A model's metrics on this set counted again over one writer's digits only: their confusion matrix and mistakes.</summary>
    /// <exception cref="ArgumentException">The metrics were measured on a set of another size.</exception>
    public Records.TestMetrics MetricsOf(int writer, Records.TestMetrics metrics)
    {
        RequireMeasuredOnThisSet(metrics);
        return metrics.Within(IndicesBy(writer), index => Digits[index].Label);
    }

    private void RequireMeasuredOnThisSet(Records.TestMetrics metrics)
    {
        if (metrics.Count != Digits.Count)
        {
            throw new ArgumentException(
                $"The metrics cover {metrics.Count} digits; {SourceName} has {Digits.Count}.", nameof(metrics));
        }
    }

    /// <summary>The indices of one writer's digits (none for a writer the file does not name); the same set on every call.</summary>
    public IReadOnlySet<int> IndicesBy(int writer) =>
        indicesByWriter.TryGetValue(writer, out var indices) ? indices : NoDigits;

    private static readonly IReadOnlySet<int> NoDigits = new HashSet<int>();

    /// <summary>Reads the file; a malformed one throws <see cref="DataFileException"/> naming the line.</summary>
    public static PenDigitSet Load(string path)
    {
        var digits = UnipenReader.ReadFile(path);
        string sha256;
        using (var stream = File.OpenRead(path))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        return new PenDigitSet(Path.GetFileName(path), sha256, digits);
    }

    public static PenDigitSet FromDigits(string sourceName, IReadOnlyList<PenDigit> digits) => new(sourceName, "", digits);

    /// <summary>
    /// Every digit preprocessed as the pad's drawing would be, with its label. A digit whose drawing
    /// preprocesses to nothing (a single dot) becomes a blank image and still counts. With a
    /// <paramref name="variation"/>, every digit is first written that way. <paramref name="maxThreads"/> bounds the
    /// threads it renders on (a server's background work: 1); null uses every core.
    /// </summary>
    public LabeledImages Render(PenDigitVariation? variation = null, int? maxThreads = null)
    {
        var pixels = new byte[Digits.Count * MnistGeometry.PixelCount];
        var labels = new byte[Digits.Count];
        Parallel.For(0, Digits.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? -1 }, i =>
        {
            var digit = variation is null ? Digits[i] : variation.ApplyTo(Digits[i]);
            labels[i] = (byte)digit.Label;
            var preprocessed = DigitPreprocessor.Preprocess(digit.ToDrawing());
            if (!preprocessed.IsBlank)
            {
                DrawingImage.ToBytes(preprocessed.Pixels).CopyTo(pixels.AsSpan(i * MnistGeometry.PixelCount));
            }
        });
        return new LabeledImages(pixels, labels);
    }
}
