using System.Globalization;
using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Server.Api;

/// <summary>The HTTP API: <c>POST /api/predict</c>, <c>POST /api/explain</c>, <c>POST /api/layers</c> and <c>GET /api/models</c>.</summary>
public static class ApiEndpoints
{
    /// <summary>What <c>POST /api/predict</c> takes.</summary>
    public static readonly string[] PredictMediaTypes = ["image/png", "image/jpeg", "application/json"];

    /// <summary>The <c>input</c> of a response to an image body.</summary>
    internal const string ImageInput = "image";

    /// <summary>
    /// The query parameter that says how many digits the ink holds: <c>POST /api/predict?digits=2</c> reads ink the models
    /// read as one digit as two touching digits when it has cuts to try (as the drawing page's "Read it as two digits");
    /// <c>POST /api/drawings?digits=1</c> saves ink in parts side by side as one digit (as the page's "Read it as one digit").
    /// </summary>
    public const string DigitsParameter = "digits";

    /// <summary><c>POST /api/predict?digits=2</c>.</summary>
    internal static readonly ApiDescription.DigitsQueryMetadata TwoTouchingDigits = new(2, "read ink the models read as one digit as two touching digits");

    public static IEndpointRouteBuilder MapMnistApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.WithRequestTimeout(RequestLimits.ApiTimeoutPolicy);
        api.MapPost("/predict", PredictAsync)
            .TakingDigitBodies()
            .WithMetadata(TwoTouchingDigits)
            .Produces<PredictResponse>()
            .WithSummary("Classify a PNG/JPEG image, a JSON drawing (strokes) or 784 JSON pixels with every model.");
        api.MapPost("/explain", ExplainEndpoint.ExplainAsync)
            .TakingDigitBodies()
            .Produces<ExplainResponse>()
            .WithSummary("Each model's evidence map (occlusion sensitivity) for a PNG/JPEG image, a JSON drawing or 784 JSON pixels.");
        api.MapPost("/layers", LayersEndpoint.ViewAsync)
            .TakingDigitBodies()
            .Produces<LayersResponse>()
            .WithSummary("Each convolutional model's block activations (strongest channels) and derived inputs for a PNG/JPEG image, a JSON drawing or 784 JSON pixels.");
        api.MapGet("/models", GetModels)
            .Produces<ModelsResponse>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Every model with its status, test accuracy and card.");
        return routes;
    }

    /// <summary>What the endpoints that run the models on one digit share: their bodies, the inference limit and the ways they refuse.</summary>
    private static RouteHandlerBuilder TakingDigitBodies(this RouteHandlerBuilder endpoint) =>
        endpoint
            .DisableAntiforgery()
            .RequireContentType([.. PredictMediaTypes, "image/jpg", "application/octet-stream"])
            .RequireRateLimiting(RequestLimits.InferencePolicy)
            .WithMetadata(new ApiDescription.DigitBodyMetadata(ApiDescription.DigitBodyKind.Digit))
            .ProducesBadInputProblems();

    /// <summary>The problem statuses of an endpoint that reads a body and runs the models: bad input, too large, wrong type, busy, out of time.</summary>
    internal static RouteHandlerBuilder ProducesBadInputProblems(this RouteHandlerBuilder endpoint) =>
        endpoint
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    private static async Task<IResult> PredictAsync(
        HttpRequest request, IDigitClassifier classifier, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        try
        {
            var asTwoDigits = SaysDigits(request, TwoTouchingDigits);
            var body = await ReadBodyAsync(request, limits, cancellationToken);
            var model = Preprocess(request.ContentType, body, limits, cancellationToken);
            if (model.BlankReason is { } blankReason)
            {
                return Results.Ok(new PredictResponse(model.Input, true, blankReason, model.Pixels, null, 0, []));
            }

            // The whole and a number's digits are classified at once, so the server can run them in one batch.
            var whole = classifier.ClassifyAsync(model.Pixels, cancellationToken);
            var reading = model.Preprocessed is { } ink ? TouchingDigitsReading.ReadAsAskedAsync(classifier, ink, () => whole, asTwoDigits, cancellationToken) : null;
            await Task.WhenAll(reading is null ? [whole] : [whole, reading]);
            var classification = await whole;
            var number = reading is null ? null : await reading;
            var fromImage = model.Input == ImageInput;
            return Results.Ok(new PredictResponse(
                model.Input,
                false,
                null,
                model.Pixels,
                classification.ConsensusDigit,
                number?.Number.SideBySideParts ?? model.SideBySideParts,
                classification.Verdicts.Select(PredictionDto.From).ToArray(),
                number?.Reading.Text,
                number?.Reading.Digits.Zip(number.Value.Number.Digits, (digit, ink) => NumberDigitDto.From(digit, ink, fromImage)).ToArray(),
                model.StrokesLeftOut,
                model.WiderThanADigit && number is null,
                number?.Number.PartedWhereTouching ?? false,
                model.Preprocessed is { } read ? InkBoundsDto.Of(read, fromImage) : null,
                classification.IsUnfamiliar));
        }
        catch (BadInputException e)
        {
            return e.ToProblem();
        }
    }

    /// <summary>
    /// Whether the query says the ink holds <paramref name="expected"/>'s digits (<see cref="DigitsParameter"/>), the one
    /// value the endpoint takes; any other is refused, saying what the value does.
    /// </summary>
    internal static bool SaysDigits(HttpRequest request, ApiDescription.DigitsQueryMetadata expected) =>
        !request.Query.TryGetValue(DigitsParameter, out var values) ? false
        : values.Count == 1 && values[0] == expected.Digits.ToString(CultureInfo.InvariantCulture) ? true
        : throw new BadInputException("Invalid digits", $"The query parameter '{DigitsParameter}' can only be {expected.Digits} ({expected.Meaning}); got '{values}'.");

    /// <summary>The 28x28 image the models receive, or why there is nothing to classify.</summary>
    /// <param name="Preprocessed">
    /// The drawing or image preprocessed, with the digits of a number read digit by digit and the cuts to try of ink
    /// wide for one digit; null for pixels.
    /// </param>
    internal sealed record ModelInput(string Input, float[] Pixels, string? BlankReason, PreprocessedDigit? Preprocessed = null)
    {
        /// <summary>How many parts stand side by side as a number's digits do (<see cref="PreprocessedDigit.SideBySideParts"/>); pixels are one digit, or none.</summary>
        public int SideBySideParts => Preprocessed?.SideBySideParts ?? (BlankReason is null ? 1 : 0);

        /// <summary>How many strokes of a drawing stand apart as stray ink, in no digit and no mark.</summary>
        public int StrokesLeftOut => Preprocessed?.StrokesLeftOut.Count ?? 0;

        /// <summary>Whether the ink read as one digit is far wider than a digit (<see cref="PreprocessedDigit.IsWiderThanADigit"/>).</summary>
        public bool WiderThanADigit => Preprocessed?.IsWiderThanADigit ?? false;

        public static ModelInput From(string input, PreprocessedDigit digit) =>
            new(input, digit.Pixels, digit.IsBlank ? digit.BlankReason ?? "The image has no ink." : null, digit);

        /// <summary>784 pixels sent as JSON are already MNIST-style: they go to the models as they are.</summary>
        public static ModelInput FromPixels(float[] pixels) =>
            new("pixels", pixels, pixels.Any(p => p > 0) ? null : "All 784 pixels are 0 (no ink).");
    }

    internal static ModelInput Preprocess(string? contentType, byte[] body, ApiOptions limits, CancellationToken cancellationToken)
    {
        if (ContentTypeFilter.Accepts(contentType, ["application/json"]))
        {
            return JsonBodyReader.Read(body, limits) switch
            {
                JsonBodyReader.PixelsInput pixels => ModelInput.FromPixels(pixels.Pixels),
                JsonBodyReader.StrokesInput strokes => ModelInput.From("strokes", PreprocessDrawing(strokes.Drawing, cancellationToken)),
                _ => throw new BadInputException("Invalid input", "The JSON body holds neither pixels nor strokes."),
            };
        }

        var mediaType = ContentTypeFilter.MediaType(contentType);
        if (mediaType is "image/png" or "image/jpeg" or "image/jpg" or "application/octet-stream")
        {
            var image = ImageBodyDecoder.Decode(body, limits);
            try
            {
                return ModelInput.From(ImageInput, DigitPreprocessor.Preprocess(image));
            }
            catch (ArgumentException e)
            {
                throw new BadInputException("Invalid image", e.Message);
            }
        }

        throw ContentTypeFilter.Unsupported(contentType, PredictMediaTypes);
    }

    /// <summary>The drawing as the models see it; refused (400) beyond <see cref="DrawingLimits"/>.</summary>
    public static PreprocessedDigit PreprocessDrawing(StrokeDrawing drawing, CancellationToken cancellationToken)
    {
        try
        {
            DrawingLimits.Validate(drawing);
            return DigitPreprocessor.Preprocess(drawing, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new BadInputException("Invalid input", e.Message);
        }
    }

    /// <summary>
    /// The body, refused with 413 beyond <see cref="ApiOptions.MaxRequestBytes"/>: at once when the
    /// Content-Length says so, else as soon as more arrives. Kestrel's own limit is the same
    /// (<see cref="RequestLimits"/>), so a chunked body is cut off there too.
    /// </summary>
    public static async Task<byte[]> ReadBodyAsync(HttpRequest request, ApiOptions limits, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limits.MaxRequestBytes)
        {
            throw TooLarge(request.ContentLength.Value, limits);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limits.MaxRequestBytes)
                {
                    throw TooLarge(buffer.Length, limits);
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits.MaxRequestBytes + 1, limits);
        }
        catch (BadHttpRequestException e)
        {
            throw new BadInputException("Unreadable body", $"The request body cannot be read: {e.Message}");
        }

        return buffer.ToArray();
    }

    private static BadInputException TooLarge(long length, ApiOptions limits) =>
        new("Body too large",
            $"The request body has {(length > limits.MaxRequestBytes ? "more than " : "")}{limits.MaxRequestBytes} bytes; at most {limits.MaxRequestBytes} are accepted.",
            StatusCodes.Status413PayloadTooLarge);

    private static IResult GetModels(OnnxDigitClassifier classifier, ModelFolders folders)
    {
        var models = new List<ModelInfoDto>();
        foreach (var status in classifier.Models)
        {
            if (status.ModelId == ModelCatalog.EnsembleId)
            {
                models.Add(new ModelInfoDto(
                    status.ModelId, status.DisplayName, "Soft vote: the average of the CNNs' probabilities",
                    PredictionDto.StatusName(status.Availability), status.Reason, IsEnsemble: true,
                    Ensemble.Members.Select(m => m.Id).ToArray(),
                    null, null, null, null, null, []));
                continue;
            }

            var spec = ModelCatalog.Get(status.ModelId);
            var records = folders[spec.Id].Records;
            var metrics = records.Metrics.Value;
            string[] errors = [.. new[] { records.Metrics.Error, records.Card.Error }.OfType<string>()];
            models.Add(new ModelInfoDto(
                spec.Id, spec.DisplayName, spec.Summary,
                PredictionDto.StatusName(status.Availability), status.Reason, IsEnsemble: false, null,
                spec.StudyScore, spec.StudyScoreKind, metrics?.Accuracy, metrics?.Dataset, records.Card.Value, errors));
        }

        // The folder's name only: the server's absolute paths are not for its clients.
        return Results.Ok(new ModelsResponse(Path.GetFileName(folders.ModelsDirectory), models));
    }
}
