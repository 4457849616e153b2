using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Api;

/// <summary>Body of a successful <c>POST /api/predict</c>.</summary>
/// <param name="Input">What the body was read as: "image", "strokes" or "pixels".</param>
/// <param name="Blank">True when there is no digit to classify (then no model is run).</param>
/// <param name="BlankReason">Why the input counts as blank.</param>
/// <param name="Image">The 28x28 image the models received, row-major, 0..1 (1 = ink).</param>
/// <param name="Digit">The consensus digit (the ensemble's when available), or null.</param>
/// <param name="SideBySideParts">
/// How many parts of the ink stand side by side with gaps between them: 1 for a digit; 2 or more when the input looks
/// like several digits written in a row, which the models cannot read as one (their verdicts are then about all of it
/// squeezed into one image), counting touching digits parted by the models' reading (<paramref name="PartedWhereTouching"/>);
/// 0 when blank. Always 1 for pixels.
/// </param>
/// <param name="Predictions">Every model, then the ensemble.</param>
/// <param name="Number">
/// When the input looks like 2 to 12 digits side by side, one digit drawn after a minus sign, or (in an image) touching
/// digits the models read surely either side of a cut: the number read digit by digit ("42"; "-3.5" with a minus sign or a decimal point written with it; "-4"; "?" for a digit no model could
/// answer); otherwise null.
/// </param>
/// <param name="Digits">The digits of <paramref name="Number"/>, left to right, each read on its own; otherwise null.</param>
/// <param name="StrokesLeftOut">
/// Of a drawing, how many strokes stand apart as stray ink (a tap of the pen, a short dash beside the digits), in no
/// digit and no mark of a number, and are in no image the models see; 0 for an image or pixels.
/// </param>
/// <param name="WiderThanADigit">
/// True when the ink, read as one digit, is far wider than one digit usually is (1.3 times as wide as tall): it may be a
/// number whose digits ran together (false when they were read as two touching digits).
/// </param>
/// <param name="InkBounds">
/// Of an image, where the ink the models read lies in it (the whole ink; each digit of a number has its own); null for
/// a drawing or pixels.
/// </param>
/// <param name="Unfamiliar">
/// True when the image is unlike the digits the models learned (a letter, a sign, a scribble): most models with a
/// familiarity profile find it farther from every digit than nearly all digits they learned (<see cref="PredictionDto.Familiarity"/>).
/// <paramref name="Digit"/> is then the digit it is least unlike, which may mean nothing. False when no model has a profile.
/// </param>
/// <param name="PartedWhereTouching">
/// True when ink that stood as one piece (the whole, or a digit of a number), wide for one digit, was read as two digits
/// touching: cut where the models read both sides surely, and surer than the whole as one digit (an image's ink wider than a
/// digit: both sides very surely, and together surer than the whole); a drawing also by its strokes (digits drawn across
/// each other, or without lifting the pen), which needs no margin over the whole (<paramref name="Number"/> then holds them).
/// </param>
public sealed record PredictResponse(
    string Input,
    bool Blank,
    string? BlankReason,
    IReadOnlyList<float> Image,
    int? Digit,
    int SideBySideParts,
    IReadOnlyList<PredictionDto> Predictions,
    string? Number = null,
    IReadOnlyList<NumberDigitDto>? Digits = null,
    int StrokesLeftOut = 0,
    bool WiderThanADigit = false,
    bool PartedWhereTouching = false,
    InkBoundsDto? InkBounds = null,
    bool Unfamiliar = false);

/// <summary>Where ink the models read lies in an image sent: a box of its pixels, upright (as its EXIF orientation turns it).</summary>
/// <param name="X">The first column of the ink, from the image's left edge.</param>
/// <param name="Y">The first row of the ink, from the image's top edge.</param>
/// <param name="Width">How many columns the ink spans.</param>
/// <param name="Height">How many rows the ink spans.</param>
public sealed record InkBoundsDto(int X, int Y, int Width, int Height)
{
    /// <summary>The bounds of <paramref name="ink"/> read from an image, or null for a drawing or when blank.</summary>
    public static InkBoundsDto? Of(PreprocessedDigit ink, bool fromImage) =>
        fromImage && !ink.IsBlank ? new(ink.SourceBounds.X, ink.SourceBounds.Y, ink.SourceBounds.Width, ink.SourceBounds.Height) : null;
}

/// <summary>One digit of a number read digit by digit.</summary>
/// <param name="Image">The 28x28 image the models received for this digit, row-major, 0..1.</param>
/// <param name="Digit">The consensus digit (the ensemble's when available), or null.</param>
/// <param name="Predictions">Every model, then the ensemble, on this digit.</param>
/// <param name="WiderThanADigit">
/// Whether this digit's ink is as wide as a number's digits side by side (<see cref="PreprocessedDigit.IsWiderThanADigit"/>):
/// digits run together inside it that nothing parted.
/// </param>
/// <param name="InkBounds">Of an image, where this digit's ink lies in it; null for a drawing.</param>
/// <param name="Unfamiliar">Whether this digit's image is unlike the digits the models learned (<see cref="PredictResponse.Unfamiliar"/>).</param>
public sealed record NumberDigitDto(
    IReadOnlyList<float> Image, int? Digit, IReadOnlyList<PredictionDto> Predictions, bool WiderThanADigit, InkBoundsDto? InkBounds = null, bool Unfamiliar = false)
{
    public static NumberDigitDto From(DigitOfNumber digit, PreprocessedDigit ink, bool fromImage) =>
        new(digit.Pixels, digit.Digit, digit.Classification.Verdicts.Select(PredictionDto.From).ToArray(), ink.IsWiderThanADigit, InkBoundsDto.Of(ink, fromImage),
            digit.Classification.IsUnfamiliar);
}

/// <summary>One model's answer (or why it has none).</summary>
/// <param name="Familiarity">
/// How far the image lies from the digits this model learned, and the distance nearly all of them stay within; null for
/// a model without a familiarity profile (the plain NN, the ensemble, files exported before profiles).
/// </param>
public sealed record PredictionDto(
    string ModelId,
    string DisplayName,
    string Status,
    string? Reason,
    int? Digit,
    float? Confidence,
    IReadOnlyList<float>? Probabilities,
    double? InferenceMilliseconds,
    FamiliarityDto? Familiarity = null)
{
    public static PredictionDto From(ModelVerdict verdict) => new(
        verdict.ModelId,
        verdict.Status.DisplayName,
        StatusName(verdict.Status.Availability),
        verdict.Status.Reason,
        verdict.PredictedDigit,
        verdict.HasAnswer ? verdict.Confidence : null,
        verdict.Probabilities,
        verdict.HasAnswer ? Math.Round(verdict.InferenceTime.TotalMilliseconds, 3) : null,
        verdict.Familiarity is { } familiarity ? new FamiliarityDto(familiarity.Distance, familiarity.Threshold, familiarity.IsUnfamiliar) : null);

    public static string StatusName(ModelAvailability availability) => availability switch
    {
        ModelAvailability.Ready => "ready",
        ModelAvailability.NotTrained => "not-trained",
        _ => "unavailable",
    };
}

/// <summary>How far an image lies from the digits one model learned (<see cref="FamiliarityProfile"/>).</summary>
/// <param name="Distance">The distance of the image's features to the nearest learned digit's.</param>
/// <param name="Threshold">The distance that 99.5 % of held-out training digits stay within.</param>
/// <param name="Unfamiliar">Whether <paramref name="Distance"/> is above <paramref name="Threshold"/>.</param>
public sealed record FamiliarityDto(float Distance, float Threshold, bool Unfamiliar);

/// <summary>Body of <c>GET /api/models</c>.</summary>
public sealed record ModelsResponse(string ModelsDirectory, IReadOnlyList<ModelInfoDto> Models);

/// <summary>A model (or the ensemble): its status, measured accuracy and card when present.</summary>
public sealed record ModelInfoDto(
    string Id,
    string DisplayName,
    string Summary,
    string Status,
    string? Reason,
    bool IsEnsemble,
    IReadOnlyList<string>? Members,
    double? StudyScore,
    string? StudyScoreKind,
    double? TestAccuracy,
    string? TestDataset,
    ModelCard? Card,
    IReadOnlyList<string> RecordErrors);
