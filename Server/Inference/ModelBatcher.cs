using System.Diagnostics;
using System.Threading.Channels;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Server.Inference;

/// <summary>What one image got from one batched run: ten probabilities, or why there are none.</summary>
/// <param name="Elapsed">The whole batch's run time (the images of a batch share one run).</param>
/// <param name="BatchSize">How many images that run held.</param>
public sealed record BatchedAnswer(float[]? Probabilities, string? Failure, TimeSpan Elapsed, int BatchSize)
{
    /// <summary>The image's familiarity, when the model has a profile.</summary>
    public Familiarity? Familiarity { get; init; }
}

/// <summary>One run of a batch: the probabilities of all images (10 per image), or an exception.</summary>
public delegate ModelAnswers BatchRun(float[] pixels, int count);

/// <summary>
/// Collects the images that concurrent classifications send to one model and runs them together. An image that
/// finds the model idle runs at once, alone (no waiting window); the images that arrive while a run is going on
/// make up the next run, up to <see cref="MaxBatchSize"/>. So a lone request is as fast as before, and under load
/// one session run serves many requests, which costs less per image than one run each. Images whose caller has
/// given up before their run are dropped. Runs of all models share <paramref name="cores"/> (as requests, ahead of
/// background work), so batching never runs more sessions at once than there are cores.
/// </summary>
public sealed class ModelBatcher : IDisposable
{
    private readonly Channel<Pending> queue;
    private readonly BatchRun run;
    private readonly InferenceCores cores;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task worker;
    private readonly Action<int>? queueChanged;

    /// <param name="queueChanged">Told each time images join (positive) or leave (negative) the queue: the queue-length metric.</param>
    public ModelBatcher(BatchRun run, InferenceCores cores, int maxBatchSize, int maxQueuedImages, Action<int>? queueChanged = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedImages, maxBatchSize);
        this.run = run;
        this.cores = cores;
        this.queueChanged = queueChanged;
        MaxBatchSize = maxBatchSize;
        queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(maxQueuedImages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        worker = Task.Run(RunBatchesAsync);
    }

    public int MaxBatchSize { get; }

    /// <summary>The model's answer for one 784-pixel image; waits for room when the queue is full.</summary>
    public async Task<BatchedAnswer> RunAsync(float[] pixels, CancellationToken cancellationToken)
    {
        if (pixels.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        var pending = new Pending(pixels, new TaskCompletionSource<BatchedAnswer>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        // Counted before the write, so the worker's count on reading never comes first; an image waiting for room counts too.
        queueChanged?.Invoke(1);
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch
        {
            queueChanged?.Invoke(-1);
            throw;
        }

        using var registration = cancellationToken.Register(() => pending.Answer.TrySetCanceled(cancellationToken));
        return await pending.Answer.Task;
    }

    private async Task RunBatchesAsync()
    {
        var batch = new List<Pending>(MaxBatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping.Token))
            {
                using (await cores.ForRequestAsync(stopping.Token))
                {
                    // Taken after a core is free, so everything that queued up meanwhile joins this run.
                    batch.Clear();
                    while (batch.Count < MaxBatchSize && queue.Reader.TryRead(out var pending))
                    {
                        queueChanged?.Invoke(-1);
                        if (!pending.Caller.IsCancellationRequested)
                        {
                            batch.Add(pending);
                        }
                    }

                    if (batch.Count > 0)
                    {
                        RunBatch(batch);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        while (queue.Reader.TryRead(out var left))
        {
            queueChanged?.Invoke(-1);
            left.Answer.TrySetResult(new BatchedAnswer(null, "The server is shutting down.", TimeSpan.Zero, 0));
        }
    }

    private void RunBatch(List<Pending> batch)
    {
        var pixels = new float[batch.Count * MnistGeometry.PixelCount];
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Pixels.CopyTo(pixels, i * MnistGeometry.PixelCount);
        }

        var watch = Stopwatch.StartNew();
        ModelAnswers answers;
        try
        {
            answers = run(pixels, batch.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var pending in batch)
            {
                pending.Answer.TrySetResult(new BatchedAnswer(null, e.Message, watch.Elapsed, batch.Count));
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var own = answers.Probabilities.AsSpan(i * MnistGeometry.ClassCount, MnistGeometry.ClassCount).ToArray();
            batch[i].Answer.TrySetResult(new BatchedAnswer(own, null, watch.Elapsed, batch.Count) { Familiarity = answers.Familiarities?[i] });
        }
    }

    public void Dispose()
    {
        if (!queue.Writer.TryComplete())
        {
            return; // disposed already
        }

        stopping.Cancel();
        try
        {
            worker.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }

    private sealed record Pending(float[] Pixels, TaskCompletionSource<BatchedAnswer> Answer, CancellationToken Caller);
}
