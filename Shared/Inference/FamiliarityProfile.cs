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

    private const int FormatVersion = 1;

    // The squared distance to class c is f'Pf - 2 f'(P m_c) + m_c'P m_c: one matrix product per image, not one per class.
    private readonly float[] precision;
    private readonly float[][] precisionTimesMeans;
    private readonly double[] meanTerms;

    public FamiliarityProfile(string featureOutput, float[] means, float[] precision, float threshold)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(featureOutput);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(precision);
        if (means.Length == 0 || means.Length % MnistGeometry.ClassCount != 0)
        {
            throw new ArgumentException($"Expected {MnistGeometry.ClassCount} means of equal length; got {means.Length} values.", nameof(means));
        }

        var dimensions = means.Length / MnistGeometry.ClassCount;
        if (precision.Length != dimensions * dimensions)
        {
            throw new ArgumentException($"Expected a {dimensions}x{dimensions} precision matrix; got {precision.Length} values.", nameof(precision));
        }

        if (!float.IsFinite(threshold) || threshold <= 0 || means.Any(v => !float.IsFinite(v)) || precision.Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException("The threshold, means and precision must be finite, the threshold positive.");
        }

        FeatureOutput = featureOutput;
        Dimensions = dimensions;
        Threshold = threshold;
        Means = means;
        this.precision = precision;
        precisionTimesMeans = new float[MnistGeometry.ClassCount][];
        meanTerms = new double[MnistGeometry.ClassCount];
        for (var digit = 0; digit < MnistGeometry.ClassCount; digit++)
        {
            var mean = means.AsSpan(digit * dimensions, dimensions);
            precisionTimesMeans[digit] = Multiply(precision, mean);
            meanTerms[digit] = Dot(mean, precisionTimesMeans[digit]);
        }
    }

    /// <summary>The model output whose activations [N,C,H,W] give the features (a block of <see cref="Models.OnnxContract"/>).</summary>
    public string FeatureOutput { get; }

    /// <summary>How many features: the channels of <see cref="FeatureOutput"/>.</summary>
    public int Dimensions { get; }

    /// <summary>The distance above which an image is unlike the digits the model learned.</summary>
    public float Threshold { get; }

    /// <summary>Each digit's mean features, digit after digit.</summary>
    public float[] Means { get; }

    /// <summary>The inverse of the shared covariance, row after row.</summary>
    public IReadOnlyList<float> Precision => precision;

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
            double sum = 0;
            foreach (var value in activations.Slice(plane * area, area))
            {
                sum += value;
            }

            features[plane] = (float)(sum / area);
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

        var ownTerm = Dot(features, Multiply(precision, features));
        var nearest = double.PositiveInfinity;
        for (var digit = 0; digit < MnistGeometry.ClassCount; digit++)
        {
            nearest = Math.Min(nearest, ownTerm - 2 * Dot(features, precisionTimesMeans[digit]) + meanTerms[digit]);
        }

        return (float)Math.Sqrt(Math.Max(0, nearest));
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
        FormatVersion, FeatureOutput, Threshold, Dimensions, Encode(Means), Encode(precision)));

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

        try
        {
            var means = Decode(stored.Means, MnistGeometry.ClassCount * stored.Dimensions, "means");
            var precision = Decode(stored.Precision, stored.Dimensions * stored.Dimensions, "precision");
            return new FamiliarityProfile(stored.FeatureOutput ?? "", means, precision, stored.Threshold);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata is not a usable profile: {e.Message}");
        }
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

        if (expected <= 0 || bytes.Length != expected * sizeof(float))
        {
            throw new InvalidDataException($"The '{MetadataKey}' metadata's {name} hold {bytes.Length / sizeof(float)} values; expected {Math.Max(expected, 0)}.");
        }

        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    private static float[] Multiply(float[] matrix, ReadOnlySpan<float> vector)
    {
        var result = new float[vector.Length];
        for (var row = 0; row < vector.Length; row++)
        {
            result[row] = (float)Dot(matrix.AsSpan(row * vector.Length, vector.Length), vector);
        }

        return result;
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private sealed record Stored(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("featureOutput")] string? FeatureOutput,
        [property: JsonPropertyName("threshold")] float Threshold,
        [property: JsonPropertyName("dimensions")] int Dimensions,
        [property: JsonPropertyName("means")] string? Means,
        [property: JsonPropertyName("precision")] string? Precision);
}

/// <summary>How far one image lies from the digits a model learned (<see cref="FamiliarityProfile"/>).</summary>
/// <param name="Distance">The image's distance to the nearest digit.</param>
/// <param name="Threshold">The distance held-out training digits stay within.</param>
public readonly record struct Familiarity(float Distance, float Threshold)
{
    /// <summary>Whether the image lies farther from every digit than almost all learned digits do.</summary>
    public bool IsUnfamiliar => Distance > Threshold;
}
