using System.Globalization;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Models;

/// <summary>When a finished fine-tune is put in use.</summary>
public enum FineTuneActivation
{
    /// <summary>Always (the command line's default).</summary>
    Always,

    /// <summary>Only when <see cref="FineTuneReport.WhyWorse"/> finds nothing against it (the web app's choice).</summary>
    IfNotWorse,

    /// <summary>Never: it is kept beside the version in use.</summary>
    Never,
}

/// <summary>A held-out drawing a model read wrong: the drawing, its label and what the model read.</summary>
public sealed record HeldOutMisreading(long DrawingId, int Label, int Read)
{
    /// <summary>The label and reading of a drawing left out of <see cref="FineTuneReport.WithoutDrawings"/>.</summary>
    public const int Hidden = -1;

    /// <summary>
    /// The held-out drawings <paramref name="metrics"/> (measured on the held-out drawings, in the order of
    /// <paramref name="heldOutIds"/>) counts as misread.
    /// </summary>
    public static IReadOnlyList<HeldOutMisreading> From(TestMetrics metrics, IReadOnlyList<long> heldOutIds) =>
        [.. metrics.Misclassified.Select(m => new HeldOutMisreading(heldOutIds[m.Index], m.TrueLabel, m.PredictedLabel))];
}

/// <summary>What a fine-tune changed on the held-out drawings (<see cref="FineTuneReport.Changes"/>).</summary>
/// <param name="NowRight">Misread by the version it started from, read right by the new one (as read before).</param>
/// <param name="NowMisread">Read right before, misread by the new one (as read now).</param>
/// <param name="MisreadAfter">How many held-out drawings the new version misreads in all.</param>
public sealed record HeldOutChanges(IReadOnlyList<HeldOutMisreading> NowRight, IReadOnlyList<HeldOutMisreading> NowMisread, int MisreadAfter)
{
    public bool Any => NowRight.Count > 0 || NowMisread.Count > 0;
}

/// <summary>What a fine-tune did and measured, kept in its version folder as finetune.json.</summary>
public sealed record FineTuneReport : IVersionedRecord
{
    public const string FileName = "finetune.json";

    /// <summary>How far the MNIST test accuracy may fall (as a fraction: 0.1 point) before a fine-tune counts as worse.</summary>
    public const double MnistTolerance = 0.001;

    /// <summary>The fewest saved one-digit drawings a fine-tune can use: one to learn from, one held out to measure it.</summary>
    public const int MinimumDrawings = 2;

    public static int CurrentSchemaVersion => 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string ModelId { get; init; }
    public required string Version { get; init; }

    /// <summary>The version it started from ("original" or an earlier fine-tune), as active when it started.</summary>
    public required string StartedFrom { get; init; }
    public int MnistImages { get; init; }
    public int TrainingDrawings { get; init; }
    public int DrawingCopies { get; init; }

    /// <summary>The augmentation of its training images (the one the model was first trained with), or null for none.</summary>
    public string? Augmentation { get; init; }
    public required IReadOnlyList<long> HeldOutDrawingIds { get; init; }
    public double MnistTestBefore { get; init; }
    public double MnistTestAfter { get; init; }
    public double HeldOutBefore { get; init; }
    public double HeldOutAfter { get; init; }

    /// <summary>
    /// Accuracy on other people's real pen digits before and after, when the fine-tune was given them (only measured:
    /// never learned from, never deciding whether the version is put in use).
    /// </summary>
    public double? PenDigitsBefore { get; init; }
    public double? PenDigitsAfter { get; init; }

    /// <summary>The held-out drawings the version it started from misread (absent in reports written before this was recorded).</summary>
    public IReadOnlyList<HeldOutMisreading>? MisreadBefore { get; init; }

    /// <summary>The held-out drawings the new version misreads (absent in reports written before this was recorded).</summary>
    public IReadOnlyList<HeldOutMisreading>? MisreadAfter { get; init; }

    /// <summary>
    /// The held-out drawings the fine-tune changed: those misread before and read right now (with what was read before),
    /// and those misread now and read right before; null when the report does not record them.
    /// </summary>
    public HeldOutChanges? Changes() =>
        MisreadBefore is { } before && MisreadAfter is { } after
            ? new HeldOutChanges(
                [.. before.Where(b => after.All(a => a.DrawingId != b.DrawingId))],
                [.. after.Where(a => before.All(b => b.DrawingId != a.DrawingId))],
                after.Count)
            : null;

    public bool Activated { get; init; }

    /// <summary>Why it was not put in use, when it was not (absent in reports written before this was recorded).</summary>
    public string? NotActivatedBecause { get; init; }
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>
    /// This report for a viewer the saved drawings are private to: the held-out drawings become 1..N in their order
    /// (their numbers and what they show left out), so how many there were, and how many the fine-tune changed, stay.
    /// </summary>
    public FineTuneReport WithoutDrawings()
    {
        var ordinals = HeldOutDrawingIds.Select((id, i) => (id, ordinal: i + 1L)).DistinctBy(p => p.id).ToDictionary(p => p.id, p => p.ordinal);
        IReadOnlyList<HeldOutMisreading>? Anonymous(IReadOnlyList<HeldOutMisreading>? misread) =>
            misread?.Select(m => new HeldOutMisreading(ordinals.GetValueOrDefault(m.DrawingId), HeldOutMisreading.Hidden, HeldOutMisreading.Hidden)).ToList();
        return this with
        {
            HeldOutDrawingIds = [.. HeldOutDrawingIds.Select(id => ordinals[id])],
            MisreadBefore = Anonymous(MisreadBefore),
            MisreadAfter = Anonymous(MisreadAfter),
        };
    }

    /// <summary>
    /// Why a fine-tune measured so is worse than the version it started from, or null when it is not: it reads fewer
    /// of the held-out drawings right, or its MNIST test accuracy fell by more than <see cref="MnistTolerance"/>
    /// (what it learned from the drawings cost what it knew).
    /// </summary>
    public static string? WhyWorse(double mnistBefore, double mnistAfter, double heldOutBefore, double heldOutAfter) =>
        heldOutAfter < heldOutBefore
            ? string.Create(CultureInfo.InvariantCulture, $"it reads fewer held-out drawings right ({heldOutBefore:P1} before, {heldOutAfter:P1} after)")
            : mnistAfter < mnistBefore - MnistTolerance
                ? string.Create(CultureInfo.InvariantCulture, $"its MNIST test accuracy fell by more than 0.1 point ({mnistBefore:P2} before, {mnistAfter:P2} after)")
                : null;
}
