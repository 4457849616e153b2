using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

public sealed class InferenceWarmUpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_server_runs_every_model_once_after_its_start_without_any_request()
    {
        using var models = TestModels.AllFour();
        using var app = new WebAppFactory(models.Directory, new Dictionary<string, string> { ["Models:WarmUp"] = "true" });

        var answered = await app.Services.GetRequiredService<InferenceWarmUp>().Completion.WaitAsync(Patience);

        Assert.Equal(ModelCatalog.Ids.Count, answered);
    }

    [Fact]
    public async Task It_waits_for_the_start_then_classifies_explains_and_views_the_layers_of_one_drawing()
    {
        var services = new RecordingServices(answering: true);
        using var warmUp = services.WarmUp(enabled: true);

        await warmUp.StartAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.Empty(services.Calls);

        services.Lifetime.Start();
        Assert.Equal(1, await warmUp.Completion.WaitAsync(Patience));

        Assert.Equal(["classify", "explain", "layers"], services.Calls.Select(call => call.Service));
        var pixels = Assert.Single(services.Calls.Select(call => call.Pixels).Distinct(new PixelsComparer()));
        Assert.Equal(MnistGeometry.PixelCount, pixels.Length);
        Assert.Equal(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven).Pixels, pixels);
        Assert.Contains(pixels, pixel => pixel > 0.5f);
    }

    [Fact]
    public async Task Switched_off_it_runs_nothing()
    {
        var services = new RecordingServices(answering: true);
        using var warmUp = services.WarmUp(enabled: false);
        services.Lifetime.Start();

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.Completion.WaitAsync(Patience);

        Assert.Empty(services.Calls);
    }

    [Fact]
    public async Task Without_a_loaded_model_it_waits_for_the_models_to_change_and_runs_once_one_answers()
    {
        var services = new RecordingServices(answering: false);
        using var warmUp = services.WarmUp(enabled: true);
        services.Lifetime.Start();

        await warmUp.StartAsync(CancellationToken.None);
        await WaitForCallsAsync(services, 1);
        services.RaiseModelsChanged(); // a model lost or metrics rewritten: still none answers
        await WaitForCallsAsync(services, 2);
        Assert.False(warmUp.Completion.IsCompleted);

        services.Answering = true;
        services.RaiseModelsChanged();

        Assert.Equal(1, await warmUp.Completion.WaitAsync(Patience));
        Assert.Equal(["classify", "classify", "classify", "explain", "layers"], services.Calls.Select(call => call.Service));
        Assert.False(services.HasModelsChangedHandler);
    }

    [Fact]
    public async Task Stopping_the_server_while_it_waits_for_a_model_ends_the_wait()
    {
        var services = new RecordingServices(answering: false);
        using var warmUp = services.WarmUp(enabled: true);
        services.Lifetime.Start();
        await warmUp.StartAsync(CancellationToken.None);
        await WaitForCallsAsync(services, 1);

        await warmUp.StopAsync(CancellationToken.None);

        Assert.Equal(0, await warmUp.Completion.WaitAsync(Patience));
        Assert.False(services.HasModelsChangedHandler);
    }

    [Fact]
    public async Task A_failing_run_is_logged_and_leaves_the_server_running()
    {
        var services = new RecordingServices(answering: true) { ExplainFailure = new InvalidOperationException("session broke") };
        using var warmUp = services.WarmUp(enabled: true);
        services.Lifetime.Start();

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.Completion.WaitAsync(Patience);

        Assert.NotNull(warmUp.ExecuteTask);
        await warmUp.ExecuteTask!.WaitAsync(Patience); // completes without an exception: the host does not stop
        Assert.Equal(["classify", "explain"], services.Calls.Select(call => call.Service));
    }

    [Fact]
    public async Task Stopping_the_server_before_its_start_ends_the_wait()
    {
        var services = new RecordingServices(answering: true);
        using var warmUp = services.WarmUp(enabled: true);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.StopAsync(CancellationToken.None);

        await warmUp.Completion.WaitAsync(Patience);
        Assert.Empty(services.Calls);
    }

    private static async Task WaitForCallsAsync(RecordingServices services, int count)
    {
        var waited = Stopwatch.StartNew();
        while (services.Calls.Count < count)
        {
            Assert.True(waited.Elapsed < Patience, $"{services.Calls.Count} calls after {Patience}, expected {count}");
            await Task.Delay(10);
        }

        await Task.Delay(50); // nothing more follows on its own
        Assert.Equal(count, services.Calls.Count);
    }

    private sealed class RecordingServices(bool answering) : IDigitClassifier, IEvidenceExplainer, ILayerViewer
    {
        private Action? modelsChanged;

        public volatile bool Answering = answering;

        public ConcurrentQueue<(string Service, float[] Pixels)> Calls { get; } = new();

        public FakeLifetime Lifetime { get; } = new();

        public Exception? ExplainFailure { get; init; }

        public IReadOnlyList<ModelStatus> Models => [];

        public string ModelsDirectory => "";

        public event Action? ModelsChanged
        {
            add => modelsChanged += value;
            remove => modelsChanged -= value;
        }

        public bool HasModelsChangedHandler => modelsChanged is not null;

        public void RaiseModelsChanged() => modelsChanged?.Invoke();

        public InferenceWarmUp WarmUp(bool enabled) =>
            new(Options.Create(new ModelsOptions { WarmUp = enabled }), Lifetime, this, this, this, NullLogger<InferenceWarmUp>.Instance);

        public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            var answering = Answering; // read before the call is seen: a test may change it once it sees the call
            Calls.Enqueue(("classify", pixels.ToArray()));
            var status = new ModelStatus("nn", "NN", answering ? ModelAvailability.Ready : ModelAvailability.NotTrained, answering ? null : "no file");
            float[]? probabilities = answering ? [0, 0, 0, 0, 0, 0, 0, 1, 0, 0] : null;
            return Task.FromResult(new DigitClassification([new ModelVerdict(status, probabilities, TimeSpan.FromMilliseconds(1))]));
        }

        public Task<DigitEvidence> ExplainAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue(("explain", pixels.ToArray()));
            return ExplainFailure is { } failure ? Task.FromException<DigitEvidence>(failure) : Task.FromResult(new DigitEvidence([], TimeSpan.Zero));
        }

        public Task<DigitLayers> ViewAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue(("layers", pixels.ToArray()));
            return Task.FromResult(new DigitLayers([]));
        }
    }

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource started = new();

        public CancellationToken ApplicationStarted => started.Token;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void Start() => started.Cancel();

        public void StopApplication()
        {
        }
    }

    private sealed class PixelsComparer : IEqualityComparer<float[]>
    {
        public bool Equals(float[]? x, float[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(float[] obj) => obj.Length;
    }
}
