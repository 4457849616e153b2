using System.Globalization;
using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Inference;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>POST /api/explain[?digit=N]</c>: the same bodies and limits as <c>/api/predict</c>; answers each
/// model's evidence map for its own answer, or for digit N when asked ("why not N").
/// </summary>
public static class ExplainEndpoint
{
    public const string DigitParameter = "digit";

    public static async Task<IResult> ExplainAsync(
        HttpRequest request, IEvidenceExplainer explainer, IDigitClassifier classifier, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        try
        {
            var digit = RequestedDigit(request);
            var body = await ApiEndpoints.ReadBodyAsync(request, limits, cancellationToken);
            var model = ApiEndpoints.Preprocess(request.ContentType, body, limits, cancellationToken);
            var grid = new GridDto(OcclusionGrid.Default.PatchSide, OcclusionGrid.Default.Stride);
            if (model.BlankReason is { } blankReason)
            {
                return Results.Ok(new ExplainResponse(model.Input, true, blankReason, model.Pixels, grid, []));
            }

            var evidence = await explainer.ExplainAsync(model.Pixels, cancellationToken);
            var statuses = classifier.Models.ToDictionary(s => s.ModelId, StringComparer.Ordinal);
            return Results.Ok(new ExplainResponse(
                model.Input,
                false,
                null,
                model.Pixels,
                grid,
                evidence.Models.Select(m => ExplanationDto.From(m, statuses.GetValueOrDefault(m.ModelId), digit)).ToArray()));
        }
        catch (BadInputException e)
        {
            return e.ToProblem();
        }
    }

    /// <summary>The digit asked for in the query, or null for each model's own answer.</summary>
    private static int? RequestedDigit(HttpRequest request)
    {
        if (!request.Query.TryGetValue(DigitParameter, out var values))
        {
            return null;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var digit) && digit < MnistGeometry.ClassCount
            ? digit
            : throw new BadInputException("Invalid digit", $"The query parameter '{DigitParameter}' must be one digit from 0 to 9; got '{values}'.");
    }
}

/// <summary>Body of a successful <c>POST /api/explain</c>.</summary>
/// <param name="Input">What the body was read as: "image", "strokes" or "pixels".</param>
/// <param name="Blank">True when there is no digit to explain (then no model is run).</param>
/// <param name="BlankReason">Why the input counts as blank.</param>
/// <param name="Image">The 28x28 image the models received, row-major, 0..1 (1 = ink).</param>
/// <param name="Grid">The patches that were hidden one at a time.</param>
/// <param name="Explanations">Every model, then the ensemble.</param>
public sealed record ExplainResponse(
    string Input,
    bool Blank,
    string? BlankReason,
    IReadOnlyList<float> Image,
    GridDto Grid,
    IReadOnlyList<ExplanationDto> Explanations);

/// <summary>Square patches of <paramref name="PatchSide"/> pixels every <paramref name="Stride"/> pixels.</summary>
public sealed record GridDto(int PatchSide, int Stride);

/// <summary>One model's evidence map (or why it has none).</summary>
/// <param name="Digit">The model's answer on the unchanged image.</param>
/// <param name="EvidenceDigit">The digit the map is for: the model's answer, or the one asked for.</param>
/// <param name="Evidence">784 values, row-major: the drop in <paramref name="EvidenceDigit"/>'s log-odds (ln(p / (1 - p))) when the pixel is hidden (positive: for it; negative: against it).</param>
/// <param name="LargestChange">The largest absolute value in <paramref name="Evidence"/>.</param>
/// <param name="DistanceRatio">
/// The image's distance from the digits the model learned divided by its threshold: above 1, unlike them (for the
/// ensemble, its CNNs' average); null without a familiarity profile.
/// </param>
/// <param name="Likeness">
/// 784 values, row-major: how much farther from the learned digits, in thresholds, the image lies when the pixel is
/// hidden (positive: the ink made it like a learned digit; negative: it sets the drawing apart from them); null
/// without a familiarity profile.
/// </param>
public sealed record ExplanationDto(
    string ModelId,
    string DisplayName,
    string Status,
    string? Reason,
    int? Digit,
    int? EvidenceDigit,
    float? LargestChange,
    IReadOnlyList<float>? Evidence,
    double? Milliseconds,
    float? DistanceRatio = null,
    IReadOnlyList<float>? Likeness = null)
{
    public static ExplanationDto From(ModelEvidence model, ModelStatus? status, int? requestedDigit)
    {
        var name = status?.DisplayName ?? model.ModelId;
        var statusName = PredictionDto.StatusName(status?.Availability ?? ModelAvailability.Unavailable);
        if (model.Evidence is not { } evidence)
        {
            return new ExplanationDto(model.ModelId, name, statusName, model.Reason, null, null, null, null, null);
        }

        var map = evidence.MapFor(requestedDigit ?? evidence.PredictedDigit);
        return new ExplanationDto(
            model.ModelId, name, statusName, status?.Reason, evidence.PredictedDigit, map.Digit, map.LargestChange, map.Values,
            Math.Round(model.Time.TotalMilliseconds, 3), evidence.DistanceRatio, evidence.LikenessMap()?.Values);
    }
}
