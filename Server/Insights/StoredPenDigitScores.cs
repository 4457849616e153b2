using System.Security.Cryptography;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// The server's scores on the pen digits, kept across restarts in <c>pen-digit-scores.json</c> at the top of the models
/// directory: each with the model files it came from (<see cref="PenDigitScore.ModelFiles"/>) and, for all of them, a
/// fingerprint of the rendered digits they were measured on, so a score is used again only for the same files on the
/// same images.
/// </summary>
public sealed record StoredPenDigitScores : IVersionedRecord
{
    public const string FileName = "pen-digit-scores.json";

    public static int CurrentSchemaVersion => 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>SHA-256 of the measured images' pixels and labels (<see cref="FingerprintOf"/>).</summary>
    public required string DigitsFingerprint { get; init; }

    public required IReadOnlyList<PenDigitScore> Scores { get; init; }

    /// <summary>
    /// What the scores were measured on: a change to the pen-digit file, to how strokes become images or to the labels
    /// changes it.
    /// </summary>
    public static string FingerprintOf(LabeledImages images)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(images.Pixels);
        hash.AppendData(images.Labels ?? []);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>One model's (or the ensemble's) score on the pen digits.</summary>
/// <param name="ModelFiles">Which files the model ran, as the comparison names them (id, size and write time of each).</param>
/// <param name="Variations">
/// Its accuracy on the same digits written each other way (<see cref="PenDigitVariation.Standard"/>, as written left
/// out); null until measured (and in files written before they were).
/// </param>
public sealed record PenDigitScore(string ModelId, string ModelFiles, TestMetrics Metrics, IReadOnlyList<VariationAccuracy>? Variations = null);
