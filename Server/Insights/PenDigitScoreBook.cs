using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// The pen-digit scores of each model and of the ensemble, each kept with the versions of the model files it came
/// from, in memory and in <see cref="StoredPenDigitScores"/> beside the models, so a restart does not measure again.
/// Stored scores count only for the same digits (their fingerprint). The scores may be read from any thread while
/// the one measurement run at a time records them.
/// </summary>
public sealed class PenDigitScoreBook(string modelsDirectory, ILogger logger)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Versions, TestMetrics Metrics, IReadOnlyList<VariationAccuracy>? Variations)> scores = new(StringComparer.Ordinal);
    private (LabeledImages Images, string Fingerprint)? digits;

    private string StoredScoresPath => Path.Combine(modelsDirectory, StoredPenDigitScores.FileName);

    /// <summary>Every kept score, by model id (or the ensemble's), when kept for <paramref name="images"/>; none before they are measured.</summary>
    public IReadOnlyDictionary<string, TestMetrics> MetricsOn(LabeledImages? images)
    {
        lock (gate)
        {
            return KeptFor(images) ? scores.ToDictionary(p => p.Key, p => p.Value.Metrics, StringComparer.Ordinal) : new Dictionary<string, TestMetrics>();
        }
    }

    /// <summary>
    /// Names the digits the scores are measured on. The first time, and whenever the digits differ from the last ones
    /// (the file was replaced), the scores kept are those stored for these very digits (a model whose files changed
    /// since is measured again, <see cref="IsCurrent"/>); scores of other digits are forgotten.
    /// </summary>
    public void MeasuringOn(LabeledImages images)
    {
        if (digits is { } known && ReferenceEquals(known.Images, images))
        {
            return;
        }

        var fingerprint = StoredPenDigitScores.FingerprintOf(images);
        var sameDigits = digits?.Fingerprint == fingerprint;
        lock (gate)
        {
            digits = (images, fingerprint);
        }

        if (!sameDigits)
        {
            lock (gate)
            {
                scores.Clear();
            }

            RecallStored(fingerprint);
        }
    }

    /// <summary>Whether the scores kept are those of <paramref name="images"/> (false until they are measured on them).</summary>
    public bool IsOn(LabeledImages? images)
    {
        lock (gate)
        {
            return KeptFor(images);
        }
    }

    private bool KeptFor(LabeledImages? images) => images is not null && digits is { } known && ReferenceEquals(known.Images, images);

    /// <summary>
    /// Every kept accuracy on <paramref name="images"/>' digits written differently, by model id (or the ensemble's);
    /// models not measured so yet are left out, and every model before the digits are measured.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<VariationAccuracy>> VariationsOn(LabeledImages? images)
    {
        lock (gate)
        {
            return KeptFor(images)
                ? scores.Where(p => p.Value.Variations is not null).ToDictionary(p => p.Key, p => p.Value.Variations!, StringComparer.Ordinal)
                : new Dictionary<string, IReadOnlyList<VariationAccuracy>>();
        }
    }

    public bool IsCurrent(string id, string versions)
    {
        lock (gate)
        {
            return scores.TryGetValue(id, out var known) && known.Versions == versions;
        }
    }

    /// <summary>Whether the model's score on these files also has its accuracy on each of <paramref name="variations"/>.</summary>
    public bool HasVariations(string id, string versions, IEnumerable<string> variations)
    {
        lock (gate)
        {
            return scores.TryGetValue(id, out var known) && known.Versions == versions && known.Variations is { } measured
                && variations.All(name => measured.Any(v => v.Variation == name));
        }
    }

    /// <summary>Keeps a model's score on the digits as written; its accuracy on the other ways is measured anew.</summary>
    public void Record(string id, string versions, TestMetrics metrics)
    {
        lock (gate)
        {
            scores[id] = (versions, metrics, null);
        }
    }

    /// <summary>Adds the model's accuracy on the digits written differently to its score on the same files; none kept otherwise.</summary>
    public void RecordVariations(string id, string versions, IReadOnlyList<VariationAccuracy> variations)
    {
        lock (gate)
        {
            if (scores.TryGetValue(id, out var known) && known.Versions == versions)
            {
                scores[id] = known with { Variations = variations };
            }
        }
    }

    /// <summary>Forgets the scores of models not in <paramref name="keep"/> (no longer loaded); true when there were any.</summary>
    public bool ForgetAllBut(IReadOnlySet<string> keep)
    {
        lock (gate)
        {
            var gone = scores.Keys.Where(id => !keep.Contains(id)).ToArray();
            foreach (var id in gone)
            {
                scores.Remove(id);
            }

            return gone.Length > 0;
        }
    }

    /// <summary>Writes the kept scores for the digits of the last <see cref="MeasuringOn"/>; a file that cannot be written leaves them in memory only.</summary>
    public void Store()
    {
        if (digits is not { } measured)
        {
            return;
        }

        StoredPenDigitScores record;
        lock (gate)
        {
            record = new StoredPenDigitScores
            {
                DigitsFingerprint = measured.Fingerprint,
                Scores = scores.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => new PenDigitScore(p.Key, p.Value.Versions, p.Value.Metrics, p.Value.Variations))
                    .ToArray(),
            };
        }

        try
        {
            RecordFile.Write(StoredScoresPath, record);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The pen-digit scores are kept in memory only: {Reason}", ServerPaths.WithoutDirectory(e.Message, modelsDirectory));
        }
    }

    private void RecallStored(string fingerprint)
    {
        StoredPenDigitScores? stored;
        try
        {
            stored = RecordFile.ReadIfExists<StoredPenDigitScores>(StoredScoresPath);
        }
        catch (DataFileException e)
        {
            logger.LogWarning("Measuring the pen digits again: {Reason}", e.Message);
            return;
        }

        if (stored is null || stored.DigitsFingerprint != fingerprint)
        {
            return;
        }

        lock (gate)
        {
            foreach (var score in stored.Scores)
            {
                scores.TryAdd(score.ModelId, (score.ModelFiles, score.Metrics, score.Variations));
            }
        }
    }
}
