using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MnistBlazor.Server.Telemetry;

/// <summary>
/// The server's own metrics and traces (System.Diagnostics; OpenTelemetry exports them when configured,
/// <c>dotnet-counters</c> reads them otherwise): one span and one duration measurement per model run.
/// </summary>
public static class InferenceTelemetry
{
    public const string Name = "MnistBlazor.Server";
    public const string DurationInstrument = "mnistblazor.inference.duration";
    public const string ImagesInstrument = "mnistblazor.inference.images";
    public const string ModelTag = "mnistblazor.model";
    public const string BatchSizeTag = "mnistblazor.batch_size";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        DurationInstrument, unit: "ms", description: "Time of one ONNX Runtime run of one model (one image or a batch).");

    private static readonly Counter<long> Images = Meter.CreateCounter<long>(
        ImagesInstrument, unit: "{image}", description: "Images classified, per model.");

    /// <summary>Starts timing one run; dispose the result when the run ends.</summary>
    public static RunMeasurement Measure(string modelId, int batchSize) => new(modelId, batchSize);

    public readonly struct RunMeasurement : IDisposable
    {
        private readonly string modelId;
        private readonly int batchSize;
        private readonly long started;
        private readonly Activity? activity;

        internal RunMeasurement(string modelId, int batchSize)
        {
            this.modelId = modelId;
            this.batchSize = batchSize;
            started = Stopwatch.GetTimestamp();
            activity = Source.StartActivity($"inference {modelId}");
            activity?.SetTag(ModelTag, modelId);
            activity?.SetTag(BatchSizeTag, batchSize);
        }

        public void Dispose()
        {
            var model = new KeyValuePair<string, object?>(ModelTag, modelId);
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, model, new KeyValuePair<string, object?>(BatchSizeTag, batchSize));
            Images.Add(batchSize, model);
            activity?.Dispose();
        }
    }
}
