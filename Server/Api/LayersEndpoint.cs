using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Server.Api;

/// <summary>
/// <c>POST /api/layers</c>: the same bodies and limits as <c>/api/predict</c>; answers each convolutional
/// model's block activations (strongest channels) and derived inputs on the image.
/// </summary>
public static class LayersEndpoint
{
    public static async Task<IResult> ViewAsync(
        HttpRequest request, ILayerViewer viewer, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        try
        {
            var body = await ApiEndpoints.ReadBodyAsync(request, limits, cancellationToken);
            var model = ApiEndpoints.Preprocess(request.ContentType, body, limits, cancellationToken);
            if (model.BlankReason is { } blankReason)
            {
                return Results.Ok(new LayersResponse(model.Input, true, blankReason, model.Pixels, []));
            }

            var layers = await viewer.ViewAsync(model.Pixels, cancellationToken);
            return Results.Ok(new LayersResponse(model.Input, false, null, model.Pixels, layers.Models));
        }
        catch (BadInputException e)
        {
            return e.ToProblem();
        }
    }
}

/// <summary>Body of a successful <c>POST /api/layers</c>.</summary>
/// <param name="Input">What the body was read as: "image", "strokes" or "pixels".</param>
/// <param name="Blank">True when there is no digit to look at (then no model is run).</param>
/// <param name="BlankReason">Why the input counts as blank.</param>
/// <param name="Image">The 28x28 image the models received, row-major, 0..1 (1 = ink).</param>
/// <param name="Models">Every convolutional model (catalogue order), with its views or the reason it has none.</param>
public sealed record LayersResponse(
    string Input,
    bool Blank,
    string? BlankReason,
    IReadOnlyList<float> Image,
    IReadOnlyList<ModelLayers> Models);
