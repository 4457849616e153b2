using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// Once the server has started, sends one drawing through what a person's first drawing goes through:
/// preprocessing, every model and the ensemble, the evidence maps and the layer views. Their first runs
/// cost several times the later ones (code compiled on first use, ONNX Runtime's first allocations for a
/// batch), and without this the first person to draw after a start pays for them.
/// Runs as a request on <see cref="InferenceCores"/>, so it counts in the inference telemetry like one.
/// When no model is loaded yet (the first training run is still going), it runs when the first one arrives.
/// <see cref="WorkAfterStart{TResult}.Completion"/> gives how many models answered the sample drawing (0 when it was
/// switched off, failed, or was stopped before any model was loaded).
/// </summary>
public sealed class InferenceWarmUp(
    IOptions<ModelsOptions> options,
    IHostApplicationLifetime lifetime,
    IDigitClassifier classifier,
    IEvidenceExplainer explainer,
    ILayerViewer layerViewer,
    ILogger<InferenceWarmUp> logger) : WorkAfterStart<int>(lifetime)
{
    protected override bool Enabled => options.Value.WarmUp;

    protected override Task<int> WorkAsync(CancellationToken stoppingToken) => RunWhenModelsAnswerAsync(stoppingToken);

    // Only the first request's speed depends on it: the server serves without it.
    protected override void LogFailure(Exception failure) =>
        logger.LogWarning(failure, "The warm-up run failed; the first classification will take longer");

    /// <summary>Runs now, and again each time the models change until one answers.</summary>
    private async Task<int> RunWhenModelsAnswerAsync(CancellationToken stoppingToken)
    {
        // Holds one pending change at most: a burst of changes makes one more run.
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnModelsChanged() => changed.Writer.TryWrite(true);
        classifier.ModelsChanged += OnModelsChanged;
        try
        {
            var answered = await RunAsync(stoppingToken);
            while (answered == 0)
            {
                await changed.Reader.ReadAsync(stoppingToken);
                answered = await RunAsync(stoppingToken);
            }

            return answered;
        }
        finally
        {
            classifier.ModelsChanged -= OnModelsChanged;
        }
    }

    /// <returns>How many models answered.</returns>
    private async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var digit = DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven, stoppingToken);
        var classification = await classifier.ClassifyAsync(digit.Pixels, stoppingToken);
        var answered = classification.AnsweringModels.Count;
        if (answered == 0)
        {
            logger.LogInformation("Warm-up waits: no model is loaded yet");
            return 0;
        }

        var classified = stopwatch.Elapsed;
        await explainer.ExplainAsync(digit.Pixels, stoppingToken);
        await layerViewer.ViewAsync(digit.Pixels, stoppingToken);
        logger.LogInformation(
            "Warm-up: a sample drawing classified by {Models} model(s) in {ClassifyMs:0} ms; with evidence maps and layer views {TotalMs:0} ms",
            answered, classified.TotalMilliseconds, stopwatch.Elapsed.TotalMilliseconds);
        return answered;
    }
}
