using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Telemetry;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Telemetry;

public sealed class InferenceQueueMetricsTests
{
    [Fact]
    public async Task Batched_classifications_report_each_models_queue_growing_and_emptying_again()
    {
        using var metrics = new QueueLengthListener();
        using var models = TestModels.AllFour();
        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        using var classifier = new OnnxDigitClassifier(
            served.Registry, NullLogger<OnnxDigitClassifier>.Instance, Options.Create(new ModelsOptions { MaxBatchSize = 8 }), metrics.Metrics);
        var image = new float[784];

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => classifier.ClassifyAsync(image))).WaitAsync(TimeSpan.FromSeconds(60));

        foreach (var model in new[] { "nn", "simple-cnn", "cnn-proj", "cnn-quad" })
        {
            Assert.Equal(3, metrics.Joined(model));
            Assert.Equal(0, metrics.Length(model));
        }
    }

    [Fact]
    public async Task The_servers_classifier_reports_the_queue_length_on_the_hosts_meter_factory()
    {
        using var app = new AppWithModels();
        var client = app.Factory.CreateClient();
        using var metrics = new QueueLengthListener(app.Factory.Services.GetRequiredService<IMeterFactory>());
        const string strokes = "{\"width\": 280, \"height\": 280, \"strokes\": [{\"width\": 20, \"points\": [[140, 40], [140, 240]]}]}";

        var response = await client.PostAsync("/api/predict", new StringContent(strokes, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        foreach (var model in new[] { "nn", "simple-cnn", "cnn-proj", "cnn-quad" })
        {
            Assert.Equal((1, 0), (metrics.Joined(model), metrics.Length(model)));
        }
    }

    [Fact]
    public void Only_measurements_of_the_listeners_own_meter_are_counted()
    {
        using var mine = new QueueLengthListener();
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var other = new InferenceQueueMetrics(otherServices.GetRequiredService<IMeterFactory>());

        other.QueueChanged("nn", 5);
        mine.Metrics.QueueChanged("nn", 2);

        Assert.Equal(2, mine.Length("nn"));
    }
}

/// <summary>
/// A listener that sums the queue-length measurements per model of one meter factory's instrument: its own
/// (with <see cref="Metrics"/> on it) or a host's. What other tests and instances record in the same process
/// does not count.
/// </summary>
internal sealed class QueueLengthListener : IDisposable
{
    private readonly ServiceProvider? ownServices;
    private readonly InferenceQueueMetrics? metrics;
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> lengths = new();
    private readonly ConcurrentDictionary<string, long> joined = new();

    public QueueLengthListener()
        : this(null)
    {
    }

    public QueueLengthListener(IMeterFactory? hostFactory)
    {
        ownServices = hostFactory is null ? new ServiceCollection().AddMetrics().BuildServiceProvider() : null;
        var factory = hostFactory ?? ownServices!.GetRequiredService<IMeterFactory>();
        metrics = hostFactory is null ? new InferenceQueueMetrics(factory) : null;
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == InferenceQueueMetrics.QueueLengthInstrument)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var model = "";
            foreach (var tag in tags)
            {
                model = tag.Key == InferenceTelemetry.ModelTag ? (string)tag.Value! : model;
            }

            lengths.AddOrUpdate(model, value, (_, sum) => sum + value);
            if (value > 0)
            {
                joined.AddOrUpdate(model, value, (_, sum) => sum + value);
            }
        });
        listener.Start();
    }

    /// <summary>The metrics on this listener's own meter factory.</summary>
    public InferenceQueueMetrics Metrics => metrics ?? throw new InvalidOperationException("This listener reads a host's instrument.");

    /// <summary>The queue length of <paramref name="model"/> now: the sum of its measurements.</summary>
    public long Length(string model) => lengths.GetValueOrDefault(model);

    /// <summary>How many images joined <paramref name="model"/>'s queue.</summary>
    public long Joined(string model) => joined.GetValueOrDefault(model);

    public void Dispose()
    {
        listener.Dispose();
        ownServices?.Dispose();
    }
}
