using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Inference;

/// <summary>
/// What a convolutional model's features look like on the digits it learned, so a drawing that is no digit it knows (a
/// letter, a scribble) can be told apart from a digit: each channel of one block's activations is averaged over the
/// image, and the image's distance is the Mahalanobis distance of those averages to the nearest digit's mean, with one
/// covariance shared by all digits. Training fits it on training images and writes it into the model file's metadata
/// (<see cref="MetadataKey"/>); <see cref="Threshold"/> is the distance that <see cref="ThresholdQuantile"/> of held-out
/// training images stay within.
/// </summary>
public sealed class FamiliarityProfile
{
    /// <summary>The model file's metadata entry holding <see cref="ToMetadata"/>.</summary>
    public const string MetadataKey = "familiarity";

    /// <summary>The share of held-out training digits whose distance is at most <see cref="Threshold"/>.</summary>
    public const double ThresholdQuantile = 0.995;

    /// <summary>The most features a profile may have (the widest block of the catalogue's models has 512 channels).</summary>
    public const int MostDimensions = 4096;

    private const int FormatVersion = 1;

    // The distance is the Euclidean one after whitening (W f against each W m_c), so serving costs one triangular
    // matrix product per image, not one full quadratic form per digit.
    private readonly float[] whitening;
    private readonly float[][] whitenedMeans;

    /// <param name="featureOutput">The model output whose channel averages are the features.</param>
    /// <param name="means">Each digit's mean features, digit after digit.</param>
    /// <param name="whitening">
    /// The lower-triangular W with W'W the inverse of the shared covariance, row after row, each row up to its diagonal.
    /// </param>
    /// <param name="threshold">The distance above which an image is unlike the learned digits.</param>
    public FamiliarityProfile(string featureOutput, float[] means, float[] whitening, float threshold)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureOutput);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(whitening);
        if (means.Length == 0 || means.Length % MnistGeometry.ClassCount != 0)
        {
            throw new ArgumentException($"Expected {MnistGeometry.ClassCount} means of equal length; got {means.Length} values.", nameof(means));
        }

        var dimensions = means.Length / MnistGeometry.ClassCount;
        if (whitening.Length != TriangleSize(dimensions))
        {
            throw new ArgumentException(
                $"Expected the {TriangleSize(dimensions)} values of a {dimensions}x{dimensions} lower triangle; got {whitening.Length}.", nameof(whitening));
        }

        if (!float.IsFinite(threshold) || threshold <= 0 || means.Any(v => !float.IsFinite(v)) || whitening.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("The threshold, means and whitening must be finite, the threshold positive.");
        }

        FeatureOutput = featureOutput;
        Dimensions = dimensions;
        Threshold = threshold;
        Means = means;
        this.whitening = whitening;
        whitenedMeans = [.. Enumerable.Range(0, MnistGeometry.ClassCount).Select(digit => Whiten(means.AsSpan(digit * dimensions, dimensions)))];
    }

    /// <summary>The model output whose activations [N,C,H,W] give the features (a block of <see cref="Models.OnnxContract"/>).</summary>
    public string FeatureOutput { get; }

    /// <summary>How many features: the channels of <see cref="FeatureOutput"/>.</summary>
    public int Dimensions { get; }

    /// <summary>The distance above which an image is unlike the digits the model learned.</summary>
    public float Threshold { get; }

    /// <summary>Each digit's mean features, digit after digit.</summary>
    public float[] Means { get; }

    /// <summary>The lower-triangular whitening matrix, row after row up to the diagonal.</summary>
    public IReadOnlyList<float> Whitening => whitening;

    /// <summary>How many values a lower triangle of <paramref name="dimensions"/> rows holds.</summary>
    public static int TriangleSize(int dimensions) => dimensions * (dimensions + 1) / 2;

    /// <summary>Each channel's average over the image, for every image of a [N,C,H,W] activation tensor.</summary>
    public static float[] PooledFeatures(ReadOnlySpan<float> activations, IReadOnlyList<long> shape)
    {
        if (shape.Count != 4 || shape.Any(d => d <= 0) || activations.Length != shape[0] * shape[1] * shape[2] * shape[3])
        {
            throw new ArgumentException($"Expected [N,C,H,W] activations; got shape [{string.Join(",", shape)}] with {activations.Length} values.", nameof(shape));
        }

        var (images, channels, area) = ((int)shape[0], (int)shape[1], (int)(shape[2] * shape[3]));
        var features = new float[images * channels];
        for (var plane = 0; plane < images * channels; plane++)
        {
            var sum = 0f;
            foreach (var value in activations.Slice(plane * area, area))
            {
                sum += value;
            }

            features[plane] = sum / area;
        }

        return features;
    }

    /// <summary>The distance of one image's <see cref="Dimensions"/> features to the nearest digit.</summary>
    public float Distance(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimensions)
        {
            throw new ArgumentException($"Expected {Dimensions} features; got {features.Length}.", nameof(features));
        }

        var whitened = Whiten(features);
        Span<float> difference = stackalloc float[Dimensions];
        var nearest = float.PositiveInfinity;
        foreach (var mean in whitenedMeans)
        {
            for (var i = 0; i < Dimensions; i++)
            {
                difference[i] = whitened[i] - mean[i];
            }

            nearest = Math.Min(nearest, Dot(difference, difference));
        }

        return MathF.Sqrt(nearest);
    }

    /// <summary>The distance of every image of a [N,C,H,W] activation tensor.</summary>
    public float[] Distances(ReadOnlySpan<float> activations, IReadOnlyList<long> shape)
    {
        var features = PooledFeatures(activations, shape);
        if (shape[1] != Dimensions)
        {
            throw new ArgumentException($"'{FeatureOutput}' has {shape[1]} channels; the profile was fitted on {Dimensions}.", nameof(shape));
        }

        var distances = new float[shape[0]];
        for (var image = 0; image < distances.Length; image++)
        {
            distances[image] = Distance(features.AsSpan(image * Dimensions, Dimensions));
        }

        return distances;
    }

    public string ToMetadata() => JsonSerializer.Serialize(new Stored(
        FormatVersion, FeatureOutput, Threshold, Dimensions, Encode(Means), Encode(whitening)));

    /// <summary>Reads <see cref="ToMetadata"/>'s text; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static FamiliarityProfile FromMetadata(string text)
    {
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(text);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata is not valid JSON: {e.Message}");
        }

        if (stored is null || stored.Version != FormatVersion)
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata has format version {stored?.Version}; this server reads version {FormatVersion}.");
        }

        if (stored.Dimensions is <= 0 or > MostDimensions)
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata has {stored.Dimensions} dimensions; expected 1 to {MostDimensions}.");
        }

        try
        {
            var means = Decode(stored.Means, MnistGeometry.ClassCount * stored.Dimensions, "means");
            var whitening = Decode(stored.Whitening, TriangleSize(stored.Dimensions), "whitening");
            return new FamiliarityProfile(stored.FeatureOutput ?? "", means, whitening, stored.Threshold);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata is not a usable profile: {e.Message}");
        }
    }

    private float[] Whiten(ReadOnlySpan<float> features)
    {
        var whitened = new float[Dimensions];
        var start = 0;
        for (var row = 0; row < Dimensions; row++)
        {
            whitened[row] = Dot(whitening.AsSpan(start, row + 1), features[..(row + 1)]);
            start += row + 1;
        }

        return whitened;
    }

    private static string Encode(ReadOnlySpan<float> values) =>
        Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    private static float[] Decode(string? base64, int expected, string name)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata's {name} are not base64.");
        }

        if (bytes.Length != expected * sizeof(float))
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata's {name} hold {bytes.Length / sizeof(float)} values; expected {expected}.");
        }

        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private sealed record Stored(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("featureOutput")] string? FeatureOutput,
        [property: JsonPropertyName("threshold")] float Threshold,
        [property: JsonPropertyName("dimensions")] int Dimensions,
        [property: JsonPropertyName("means")] string? Means,
        [property: JsonPropertyName("whitening")] string? Whitening);
}

/// <summary>How far one image lies from the digits a model learned (<see cref="FamiliarityProfile"/>).</summary>
/// <param name="Distance">The image's distance to the nearest digit.</param>
/// <param name="Threshold">The distance held-out training digits stay within.</param>
public readonly record struct Familiarity(float Distance, float Threshold)
{
    /// <summary>Whether the image lies farther from every digit than almost all learned digits do.</summary>
    public bool IsUnfamiliar => Distance > Threshold;

    /// <summary>
    /// The rule the pages and the API apply to an image's readings by several models: unfamiliar when more than half of
    /// them find it so; false without any reading.
    /// </summary>
    public static bool MostAreUnfamiliar(IReadOnlyCollection<Familiarity> readings) =>
        readings.Count > 0 && 2 * readings.Count(r => r.IsUnfamiliar) > readings.Count;
}
