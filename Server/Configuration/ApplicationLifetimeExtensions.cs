namespace MnistBlazor.Server.Configuration;

public static class ApplicationLifetimeExtensions
{
    /// <summary>Completes once the server takes requests, so work started at start-up never delays the start.</summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
    }
}
