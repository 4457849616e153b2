using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Server.Tests.Telemetry;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MnistBlazor.Server.Tests.Inference;

public sealed class ModelBatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_lone_image_runs_at_once_and_images_that_arrive_during_a_run_share_the_next_run()
    {
        using var gate = new GatedRun();
        var cores = new InferenceCores(2);
        using var batcher = new ModelBatcher(gate.Run, cores, maxBatchSize: 32, maxQueuedImages: 256);

        var first = batcher.RunAsync(Image(1), CancellationToken.None);
        await gate.Started.WaitAsync(Patience); // the first image did not wait for company
        var others = Enumerable.Range(2, 5).Select(i => batcher.RunAsync(Image(i), CancellationToken.None)).ToArray();
        gate.Open();

        var answers = await Task.WhenAll([first, .. others]).WaitAsync(Patience);
        Assert.Equal([1, 5], gate.BatchSizes);
        Assert.Equal([1, 5, 5, 5, 5, 5], answers.Select(a => a.BatchSize));
        // Each image gets its own row of the batch's output, and its own familiarity.
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (float)i), answers.Select(a => a.Probabilities![0]));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (float)i), answers.Select(a => a.Familiarity!.Value.Distance));
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_maximum_and_the_rest_follow()
    {
        using var gate = new GatedRun();
        var cores = new InferenceCores(1);
        using var batcher = new ModelBatcher(gate.Run, cores, maxBatchSize: 4, maxQueuedImages: 64);

        var first = batcher.RunAsync(Image(1), CancellationToken.None);
        await gate.Started.WaitAsync(Patience);
        var others = Enumerable.Range(2, 10).Select(i => batcher.RunAsync(Image(i), CancellationToken.None)).ToArray();
        gate.Open();
        await Task.WhenAll([first, .. others]).WaitAsync(Patience);

        Assert.Equal([1, 4, 4, 2], gate.BatchSizes);
    }

    [Fact]
    public async Task The_queue_length_metric_counts_the_images_waiting_for_a_run_and_returns_to_zero()
    {
        using var metrics = new QueueLengthListener();
        using var gate = new GatedRun();
        var cores = new InferenceCores(1);
        using var batcher = new ModelBatcher(gate.Run, cores, maxBatchSize: 2, maxQueuedImages: 8, images => metrics.Metrics.QueueChanged("simple-cnn", images));

        var first = batcher.RunAsync(Image(1), CancellationToken.None);
        await gate.Started.WaitAsync(Patience);
        Assert.Equal(0, metrics.Length("simple-cnn")); // the first image left the queue for its run
        var others = Enumerable.Range(2, 5).Select(i => batcher.RunAsync(Image(i), CancellationToken.None)).ToArray();
        Assert.Equal(5, metrics.Length("simple-cnn"));
        gate.Open();
        await Task.WhenAll([first, .. others]).WaitAsync(Patience);

        Assert.Equal([1, 2, 2, 1], gate.BatchSizes);
        Assert.Equal(0, metrics.Length("simple-cnn"));
        Assert.Equal(6, metrics.Joined("simple-cnn"));
    }

    [Fact]
    public async Task Images_whose_caller_gave_up_before_their_run_are_not_run()
    {
        using var gate = new GatedRun();
        var cores = new InferenceCores(1);
        using var batcher = new ModelBatcher(gate.Run, cores, maxBatchSize: 32, maxQueuedImages: 64);
        using var leaving = new CancellationTokenSource();

        var first = batcher.RunAsync(Image(1), CancellationToken.None);
        await gate.Started.WaitAsync(Patience);
        var givenUp = batcher.RunAsync(Image(2), leaving.Token);
        var staying = batcher.RunAsync(Image(3), CancellationToken.None);
        leaving.Cancel();
        gate.Open();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givenUp.WaitAsync(Patience));
        Assert.Equal(3f, (await staying.WaitAsync(Patience)).Probabilities![0]);
        Assert.Equal([1, 1], gate.BatchSizes);
    }

    [Fact]
    public async Task A_failed_run_answers_every_image_of_the_batch_with_the_reason()
    {
        var cores = new InferenceCores(1);
        using var batcher = new ModelBatcher((_, _) => throw new InvalidOperationException("session closed"), cores, 8, 64);

        var answer = await batcher.RunAsync(Image(1), CancellationToken.None).WaitAsync(Patience);

        Assert.Null(answer.Probabilities);
        Assert.Equal("session closed", answer.Failure);
    }

    [Fact]
    public async Task Batched_classifications_give_the_same_verdicts_as_one_image_at_a_time()
    {
        using var models = new TestModels();
        models.WriteInkDependentNn();
        models.WriteInkDependent(ModelCatalog.SimpleCnn.Id, fewInkDigit: 3, muchInkDigit: 5);
        // cnn-proj is left untrained: its verdict says so on both paths.
        models.WriteInkDependent(ModelCatalog.CnnQuadrants.Id, fewInkDigit: 0, muchInkDigit: 9);
        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        using var oneAtATime = new OnnxDigitClassifier(served.Registry, NullLogger<OnnxDigitClassifier>.Instance, Options.Create(new ModelsOptions { MaxBatchSize = 1 }));
        using var batched = new OnnxDigitClassifier(served.Registry, NullLogger<OnnxDigitClassifier>.Instance, Options.Create(new ModelsOptions { MaxBatchSize = 16 }));

        var images = Enumerable.Range(0, 40).Select(i => Inked(i * 784 / 40)).ToArray();
        var expected = images.Select(image => oneAtATime.Classify(image).Verdicts).ToArray();
        var actual = await Task.WhenAll(images.Select(image => batched.ClassifyAsync(image))).WaitAsync(Patience);

        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(
                expected[i].Select(v => (v.ModelId, v.Status.Availability, v.PredictedDigit)),
                actual[i].Verdicts.Select(v => (v.ModelId, v.Status.Availability, v.PredictedDigit)));
            Assert.Equal(
                expected[i].Select(v => v.Probabilities ?? []),
                actual[i].Verdicts.Select(v => v.Probabilities ?? []),
                (a, b) => a.Zip(b).All(p => Math.Abs(p.First - p.Second) < 1e-5f) && a.Count == b.Count);
        }

        Assert.NotEqual(actual[0].Verdicts[0].PredictedDigit, actual[^1].Verdicts[0].PredictedDigit);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void Models_MaxBatchSize_outside_1_to_256_is_refused_naming_the_setting(int size, bool valid)
    {
        var options = new ModelsOptions { MaxBatchSize = size };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.All(results, r => Assert.Contains("Models:MaxBatchSize", r.ErrorMessage, StringComparison.Ordinal));
    }

    private static float[] Image(int marker)
    {
        var pixels = new float[MnistGeometry.PixelCount];
        pixels[0] = marker;
        return pixels;
    }

    private static float[] Inked(int inkedPixels)
    {
        var pixels = new float[MnistGeometry.PixelCount];
        Array.Fill(pixels, 1f, 0, inkedPixels);
        return pixels;
    }

    /// <summary>A batch run that holds the first run until opened, records batch sizes, and echoes each image's first pixel (as its first probability and its distance).</summary>
    private sealed class GatedRun : IDisposable
    {
        private readonly ManualResetEventSlim open = new();
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<int> batchSizes = [];

        public Task Started => started.Task;

        public int[] BatchSizes
        {
            get
            {
                lock (batchSizes)
                {
                    return [.. batchSizes];
                }
            }
        }

        public void Open() => open.Set();

        public ModelAnswers Run(float[] pixels, int count)
        {
            lock (batchSizes)
            {
                batchSizes.Add(count);
            }

            started.TrySetResult();
            open.Wait(Patience);
            var probabilities = new float[count * MnistGeometry.ClassCount];
            for (var i = 0; i < count; i++)
            {
                probabilities[i * MnistGeometry.ClassCount] = pixels[i * MnistGeometry.PixelCount];
            }

            return new ModelAnswers(probabilities, [.. Enumerable.Range(0, count).Select(i => new Familiarity(pixels[i * MnistGeometry.PixelCount], 10))]);
        }

        public void Dispose() => open.Dispose();
    }
}
