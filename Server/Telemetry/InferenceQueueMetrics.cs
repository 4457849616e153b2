using System.Diagnostics.Metrics;

namespace MnistBlazor.Server.Telemetry;

/// <summary>
/// <c>mnistblazor.inference.queue_length</c>: the images waiting for their model's batched run
/// (<see cref="Inference.ModelBatcher"/>), tagged by model. Its meter comes from the host's
/// <see cref="IMeterFactory"/>, named <see cref="InferenceTelemetry.Name"/> like the other inference instruments.
/// </summary>
public sealed class InferenceQueueMetrics
{
    public const string QueueLengthInstrument = "mnistblazor.inference.queue_length";

    private readonly UpDownCounter<long> queueLength;

    public InferenceQueueMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(InferenceTelemetry.Name);
        queueLength = meter.CreateUpDownCounter<long>(
            QueueLengthInstrument, unit: "{image}", description: "Images waiting for a batched run of their model, queued or waiting for room in its queue.");
    }

    /// <summary>The queue of <paramref name="modelId"/> grew (positive) or shrank (negative) by <paramref name="images"/>.</summary>
    public void QueueChanged(string modelId, int images) =>
        queueLength.Add(images, new KeyValuePair<string, object?>(InferenceTelemetry.ModelTag, modelId));
}
