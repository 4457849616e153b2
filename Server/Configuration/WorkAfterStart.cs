namespace MnistBlazor.Server.Configuration;

/// <summary>
/// Work done once as soon as the server takes requests (never delaying its start), so that the first person to ask does
/// not wait for it. Switched off, failed or stopped, it completes with <c>default</c>: the server serves without it.
/// </summary>
public abstract class WorkAfterStart<TResult>(IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly TaskCompletionSource<TResult> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the work has run, with what it did.</summary>
    public Task<TResult> Completion => completion.Task;

    protected abstract bool Enabled { get; }

    protected abstract Task<TResult> WorkAsync(CancellationToken stoppingToken);

    /// <summary>Says in the log what the work's failure means (nothing else depends on it).</summary>
    protected abstract void LogFailure(Exception failure);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TResult result = default!;
        try
        {
            if (Enabled)
            {
                await WhenStartedAsync(stoppingToken);
                result = await WorkAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailure(e);
        }
        finally
        {
            completion.TrySetResult(result);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        completion.TrySetResult(default!); // a stop before ExecuteAsync was scheduled means it never runs
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
