using System.Diagnostics;
using System.Globalization;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Insights;

/// <summary>
/// Every served model and the ensemble of the served CNNs scored on the real pen digits (rendered as drawings), each
/// score kept per version of the model files it came from (<see cref="PenDigitScoreBook"/>); then on the same digits
/// written other ways (turned, slanted, narrower, wider). Each model runs once per set of images, however many scores
/// need it.
/// </summary>
/// <param name="reportAsWritten">Hears every change of the measurement on the digits as written.</param>
/// <param name="reportVariations">Hears every change of the measurement on the digits written other ways.</param>
/// <param name="scored">Hears of every score recorded.</param>
public sealed class PenDigitMeasurement(
    BackgroundModelRuns runs,
    PenDigitScoreBook scores,
    ILogger logger,
    Action<EnsembleEvaluation> reportAsWritten,
    Action<EnsembleEvaluation> reportVariations,
    Action scored)
{
    private LabeledImages? variationsOf;
    private LabeledImages?[] variationImages = [];

    /// <summary>Measures what is stale on <paramref name="pen"/>; a score is kept while the model files it came from are unchanged.</summary>
    public async Task MeasureAsync(PenDigitsSnapshot pen)
    {
        if (pen.Images is not { Labels: { } labels } images)
        {
            scores.ForgetAllBut(keep: new HashSet<string>());
            reportAsWritten(new EnsembleEvaluation(EvaluationState.Unavailable, 0, pen.Problem ?? "The pen digits are not loaded."));
            return;
        }

        var loaded = runs.Acquire(ModelCatalog.All);
        try
        {
            var members = loaded.Where(m => Ensemble.Members.Any(s => s.Id == m.ModelId)).ToArray();
            var measured = loaded.Select(m => (Id: m.ModelId, Members: (IReadOnlyList<LoadedModel>)[m])).ToList();
            if (members.Length > 0)
            {
                measured.Add((ModelCatalog.EnsembleId, members));
            }

            scores.MeasuringOn(images);
            var forgotten = scores.ForgetAllBut(keep: measured.Select(s => s.Id).ToHashSet(StringComparer.Ordinal));
            if (measured.Count == 0)
            {
                reportAsWritten(new EnsembleEvaluation(EvaluationState.Unavailable, 0, "No trained model yet: nothing to measure on the pen digits."));
                return;
            }

            // A score kept from before familiarity was measured is measured again once, for profiled models.
            var kept = scores.MetricsOn(images);
            var stale = measured.Where(s => !scores.IsCurrent(s.Id, BackgroundModelRuns.Versions(s.Members))
                || (s.Members.Any(m => m.FamiliarityProfile is not null) && kept.GetValueOrDefault(s.Id) is { Unfamiliar: null })).ToArray();
            var staleIds = string.Join(", ", stale.Select(s => s.Id));
            if (stale.Length > 0 && runs.WaitsForTraining())
            {
                reportAsWritten(BackgroundModelRuns.Waiting($"{staleIds} will be measured on the {images.Count:N0} pen digits"));
                reportVariations(BackgroundModelRuns.Waiting("The pen digits written differently are measured after them"));
                return;
            }

            if (stale.Length > 0)
            {
                await ScoreAsWrittenAsync(pen, images, labels, stale, staleIds);
            }

            if (stale.Length > 0 || forgotten)
            {
                scores.Store();
            }

            reportAsWritten(new EnsembleEvaluation(EvaluationState.Current, 1,
                $"{loaded.Count} model{(loaded.Count == 1 ? "" : "s")}{(members.Length > 0 ? " and the ensemble" : "")} measured on " +
                $"{images.Count:N0} real pen digits from {pen.SourceName}."));
            try
            {
                await MeasureVariationsAsync(pen.Set!, images, measured);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Measuring the models on the pen digits written differently failed");
                reportVariations(new EnsembleEvaluation(EvaluationState.Failed, 0,
                    $"The measurement on the pen digits written differently failed: {runs.ForPages(e)}"));
            }
        }
        finally
        {
            BackgroundModelRuns.Release(loaded);
        }
    }

    private async Task ScoreAsWrittenAsync(
        PenDigitsSnapshot pen, LabeledImages images, byte[] labels, IReadOnlyList<(string Id, IReadOnlyList<LoadedModel> Members)> stale, string staleIds)
    {
        var running = $"Measuring {staleIds} on {images.Count:N0} real pen digits from {pen.SourceName}…";
        reportAsWritten(new EnsembleEvaluation(EvaluationState.Running, 0, running));
        // The ensemble averages the probabilities its members have just given alone: each model runs once.
        var computed = new Dictionary<LoadedModel, ModelAnswers>(ReferenceEqualityComparer.Instance);
        var progress = new ThrottledProgress((double)images.Count * stale.SelectMany(s => s.Members).Distinct().Count(), fraction =>
            reportAsWritten(new EnsembleEvaluation(EvaluationState.Running, fraction, $"{running} {fraction.ToString("P0", CultureInfo.InvariantCulture)}")));
        var watch = Stopwatch.StartNew();
        foreach (var (id, models) in stale)
        {
            foreach (var model in models.Where(m => !computed.ContainsKey(m)))
            {
                computed[model] = await runs.AnswersAsync(model, images, progress.Add);
            }

            var metrics = TestMetrics.Compute(id, PenDigitSet.DatasetName, labels, BackgroundModelRuns.SoftVote(models, computed), DateTimeOffset.UtcNow)
                with { Unfamiliar = BackgroundModelRuns.Unfamiliar(models, computed) };
            scores.Record(id, BackgroundModelRuns.Versions(models), metrics);
            scored();
        }

        logger.LogInformation("Measured {Models} on {Count} pen digits in {Seconds:0.0} s", stale.Count, images.Count, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Measures each of <paramref name="measured"/> whose score on these files lacks them on the pen digits written each
    /// other way (<see cref="PenDigitVariation.Standard"/>): how it may fare with people the file lacks. The digits are
    /// written anew once per file, on one thread; each model runs once per variation.
    /// </summary>
    private async Task MeasureVariationsAsync(
        PenDigitSet set, LabeledImages asWritten, IReadOnlyList<(string Id, IReadOnlyList<LoadedModel> Members)> measured)
    {
        var variations = PenDigitVariation.Standard.Where(v => v != PenDigitVariation.AsWritten).ToArray();
        var names = variations.Select(v => v.Name).ToArray();
        var stale = measured.Where(s => !scores.HasVariations(s.Id, BackgroundModelRuns.Versions(s.Members), names)).ToArray();
        var staleIds = string.Join(", ", stale.Select(s => s.Id));
        if (stale.Length > 0 && runs.WaitsForTraining())
        {
            reportVariations(BackgroundModelRuns.Waiting($"{staleIds} will be measured on the pen digits written {variations.Length} other ways"));
            return;
        }

        if (stale.Length > 0)
        {
            var running = $"Measuring {staleIds} on the {asWritten.Count:N0} pen digits written {variations.Length} other ways…";
            reportVariations(new EnsembleEvaluation(EvaluationState.Running, 0, running));
            var models = stale.SelectMany(s => s.Members).Distinct().ToArray();
            var progress = new ThrottledProgress((double)asWritten.Count * variations.Length * (models.Length + 1), fraction =>
                reportVariations(new EnsembleEvaluation(EvaluationState.Running, fraction, $"{running} {fraction.ToString("P0", CultureInfo.InvariantCulture)}")));
            var watch = Stopwatch.StartNew();
            var accuracy = stale.ToDictionary(s => s.Id, _ => new List<VariationAccuracy>(), StringComparer.Ordinal);
            for (var v = 0; v < variations.Length; v++)
            {
                var images = await VariationImagesAsync(set, asWritten, v, variations);
                progress.Add(images.Count);
                var computed = new Dictionary<LoadedModel, float[]>(ReferenceEqualityComparer.Instance);
                foreach (var model in models)
                {
                    computed[model] = await runs.ProbabilitiesAsync(model, images, progress.Add);
                }

                foreach (var (id, members) in stale)
                {
                    var metrics = TestMetrics.Compute(id, variations[v].Name, images.Labels!, BackgroundModelRuns.SoftVote(members, computed), DateTimeOffset.UtcNow);
                    accuracy[id].Add(new VariationAccuracy(variations[v].Name, metrics.Accuracy));
                }
            }

            foreach (var (id, members) in stale)
            {
                scores.RecordVariations(id, BackgroundModelRuns.Versions(members), accuracy[id]);
            }

            scores.Store();
            logger.LogInformation("Measured {Models} on the pen digits written {Variations} other ways in {Seconds:0.0} s",
                stale.Length, variations.Length, watch.Elapsed.TotalSeconds);
        }

        reportVariations(new EnsembleEvaluation(EvaluationState.Current, 1,
            $"Measured on the {asWritten.Count:N0} pen digits written {variations.Length} other ways."));
    }

    /// <summary>The pen digits written as <paramref name="variations"/>[<paramref name="index"/>], rendered once per file on a background core.</summary>
    private async Task<LabeledImages> VariationImagesAsync(PenDigitSet set, LabeledImages asWritten, int index, IReadOnlyList<PenDigitVariation> variations)
    {
        if (!ReferenceEquals(variationsOf, asWritten))
        {
            variationsOf = asWritten;
            variationImages = new LabeledImages?[variations.Count];
        }

        return variationImages[index] ??= await runs.OnBackgroundCoreAsync(() => set.Render(variations[index], maxThreads: 1));
    }
}
