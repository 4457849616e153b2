using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// The HTTP API's OpenAPI document, generated from the endpoints' own metadata (summaries, response types, problem
/// statuses) by ASP.NET Core. It lives under /api, so the API's per-client rate limit bounds it too; the pages and
/// the sign-in form are not part of it.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";

    /// <summary>Where the document is served: <c>/api/openapi/v1.json</c>.</summary>
    public const string Route = "/api/openapi/{documentName}.json";

    public static string DocumentPath => Route.Replace("{documentName}", DocumentName, StringComparison.Ordinal);

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOutputCache().AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MnistBlazor HTTP API",
                    Version = DocumentName,
                    Description = "Handwritten digit recognition with four MNIST models and their soft-vote ensemble. "
                        + "Errors are application/problem+json with a title and a detail saying what was wrong and where. "
                        + "Reading and classifying are open; saving and exporting drawings need the server's owner.",
                };
                return Task.CompletedTask;
            });
            // ApiJson writes non-finite doubles and floats as null through converters of its own, which hide the type.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (FloatingPointFormat(context.JsonTypeInfo.Type) is { } format)
                {
                    schema.Type = JsonSchemaType.Number | JsonSchemaType.Null;
                    schema.Format = format;
                }
                else if (schema.Items is null && context.JsonTypeInfo.ElementType is { } element && FloatingPointFormat(element) is { } elementFormat)
                {
                    schema.Items = new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = elementFormat };
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DigitBodyMetadata>().FirstOrDefault() is { } body)
                {
                    var limits = context.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                    operation.RequestBody = body.Kind == DigitBodyKind.SavedDrawing ? SavedDrawingBody(limits) : DigitBody(limits);
                }

                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<DigitsQueryMetadata>().FirstOrDefault() is { } digits)
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = ApiEndpoints.DigitsParameter,
                        In = ParameterLocation.Query,
                        Description = $"{digits.Digits} to {digits.Meaning}; any other value is refused (400 Invalid digits).",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Enum = [System.Text.Json.Nodes.JsonValue.Create(digits.Digits)] },
                    });
                }

                return Task.CompletedTask;
            });
        });

    private static string? FloatingPointFormat(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(float) => "float",
        var t when t == typeof(double) => "double",
        _ => null,
    };

    /// <summary>Serves the document, generated once and then answered from the output cache (it changes only with a restart).</summary>
    public static IEndpointConventionBuilder MapApiDescription(this IEndpointRouteBuilder routes) =>
        routes.MapOpenApi(Route).CacheOutput(policy => policy.Expire(TimeSpan.FromDays(1)));

    public enum DigitBodyKind
    {
        /// <summary>An image, a JSON drawing or 784 JSON pixels.</summary>
        Digit,

        /// <summary>A JSON drawing with its true digit.</summary>
        SavedDrawing,
    }

    /// <summary>
    /// Marks an endpoint that reads its body itself (it parses and bounds it by hand, so ASP.NET Core cannot infer it):
    /// the document describes it from this.
    /// </summary>
    public sealed record DigitBodyMetadata(DigitBodyKind Kind);

    /// <summary>
    /// Marks an endpoint that takes <see cref="ApiEndpoints.DigitsParameter"/> (read by hand, as its one value is all it
    /// takes): <paramref name="Digits"/> is that value, <paramref name="Meaning"/> what it does.
    /// </summary>
    public sealed record DigitsQueryMetadata(int Digits, string Meaning);

    private static readonly OpenApiSchema Number = new() { Type = JsonSchemaType.Number };

    private static OpenApiRequestBody DigitBody(ApiOptions limits)
    {
        var image = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
        var pixels = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A 28x28 MNIST-style image, row-major: 0..1 with 1 = ink, or 0..255 (a Kaggle CSV row). Used as is.",
            Required = new HashSet<string> { "pixels" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["pixels"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Number, MinItems = MnistGeometry.PixelCount, MaxItems = MnistGeometry.PixelCount },
            },
        };
        var json = new OpenApiMediaType { Schema = new OpenApiSchema { OneOf = [Drawing(withLabel: false), pixels] } };
        return new OpenApiRequestBody
        {
            Required = true,
            Description = $"One digit: a PNG or JPEG, a drawing's strokes, or {MnistGeometry.PixelCount} pixels; at most {limits.MaxRequestBytes} bytes.",
            Content = ApiEndpoints.PredictMediaTypes.ToDictionary(mediaType => mediaType, mediaType => mediaType == "application/json" ? json : image),
        };
    }

    private static OpenApiRequestBody SavedDrawingBody(ApiOptions limits) => new()
    {
        Required = true,
        Description = $"A drawing of one digit and its true digit; at most {limits.MaxRequestBytes} bytes.",
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = Drawing(withLabel: true) } },
    };

    /// <summary>A drawing as the pad sends it: canvas pixels, each stroke's pen width (its diameter) and points.</summary>
    private static OpenApiSchema Drawing(bool withLabel)
    {
        var point = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Number, MinItems = 2, MaxItems = 2, Description = "[x, y] in canvas pixels" };
        var stroke = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "width", "points" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["width"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Number,
                    Description = FormattableString.Invariant($"The pen's diameter in canvas pixels: at most {DrawingPadGeometry.MaxPenWidth:0} on a {DrawingPadGeometry.CanvasSide:0}-pixel canvas, in proportion to the longer side on others."),
                },
                ["points"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = point },
            },
        };
        var drawing = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = FormattableString.Invariant(
                $"A drawing on a canvas, rasterized with anti-aliasing and preprocessed like MNIST; at most {DrawingLimits.MaxTotalPoints:N0} points in all."),
            Required = new HashSet<string> { "width", "height", "strokes" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["width"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Canvas width in pixels" },
                ["height"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Canvas height in pixels" },
                ["strokes"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = stroke },
            },
        };
        if (withLabel)
        {
            drawing.Required.Add("label");
            drawing.Properties["label"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = "9", Description = "The drawing's true digit" };
        }

        return drawing;
    }
}
