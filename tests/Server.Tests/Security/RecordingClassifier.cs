using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>
/// A classifier that never answers on its own: it waits until released or cancelled, and records
/// how many calls started and how many saw their cancellation (the work stopping when the client leaves).
/// </summary>
public sealed class RecordingClassifier : IDigitClassifier, IDisposable
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int started;
    private int cancelled;

    public IReadOnlyList<ModelStatus> Models => [];

    public string ModelsDirectory => "";

    public event Action? ModelsChanged { add { } remove { } }

    public int Started => Volatile.Read(ref started);

    public int Cancelled => Volatile.Read(ref cancelled);

    public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets every waiting and future call answer.</summary>
    public void Release() => released.TrySetResult();

    /// <summary>Releases whatever still waits, so the test server can stop.</summary>
    public void Dispose() => Release();

    public async Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref started);
        FirstStarted.TrySetResult();
        try
        {
            // Never longer than a minute: a server that fails to cancel makes the test fail, not hang.
            await released.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref cancelled);
            FirstCancelled.TrySetResult();
            throw;
        }

        return new DigitClassification([]);
    }
}
