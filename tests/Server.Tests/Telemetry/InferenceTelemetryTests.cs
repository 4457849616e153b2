using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using MnistBlazor.Server.Telemetry;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Telemetry;

public sealed class InferenceTelemetryTests
{
    private const string Strokes = "{\"width\": 280, \"height\": 280, \"strokes\": [{\"width\": 20, \"points\": [[140, 40], [140, 240]]}]}";

    [Fact]
    public async Task A_prediction_records_one_duration_and_one_image_per_model()
    {
        using var app = new AppWithModels();
        var client = app.Factory.CreateClient();
        var durations = new ConcurrentBag<(string Model, double Milliseconds)>();
        var images = new ConcurrentBag<(string Model, long Count)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == InferenceTelemetry.Name)
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument.Name == InferenceTelemetry.DurationInstrument)
            {
                durations.Add((ModelOf(tags), value));
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == InferenceTelemetry.ImagesInstrument)
            {
                images.Add((ModelOf(tags), value));
            }
        });
        listener.Start();

        var response = await client.PostAsync("/api/predict", new StringContent(Strokes, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string[] models = ["nn", "simple-cnn", "cnn-proj", "cnn-quad"];
        foreach (var model in models)
        {
            Assert.Contains(durations, d => d.Model == model && d.Milliseconds >= 0);
            Assert.Contains(images, i => i.Model == model && i.Count == 1);
        }
    }

    [Fact]
    public void An_otlp_endpoint_that_is_not_an_http_address_stops_the_start_with_the_setting_named()
    {
        using var models = TestModels.AllFour();
        using var app = new WebAppFactory(models.Directory, new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "localhost:4317" });

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains("Telemetry:OtlpEndpoint", error.Message);
        Assert.Contains("localhost:4317", error.Message);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_server_starts_and_answers()
    {
        using var models = TestModels.AllFour();
        using var app = new WebAppFactory(models.Directory, new Dictionary<string, string> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9" });

        var response = await app.CreateClient().PostAsync("/api/predict", new StringContent(Strokes, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string ModelOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == InferenceTelemetry.ModelTag)
            {
                return (string)tag.Value!;
            }
        }

        return "";
    }
}
