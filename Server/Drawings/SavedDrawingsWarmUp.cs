using System.Diagnostics;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Configuration;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Server.Drawings;

/// <summary>
/// Once the server has started, reads every saved drawing's strokes with today's preprocessing and measures the models on
/// them (<see cref="DrawingService.WarmUpAsync"/>): the first visit to My digits or the comparison page after a start
/// would otherwise wait for both (about a second and two seconds for 546 drawings on 2 cores). The measurement's
/// classifications run as background work, after people's. When no model is loaded yet, only the reading is done.
/// </summary>
public sealed class SavedDrawingsWarmUp(
    IOptions<DrawingsOptions> options,
    IHostApplicationLifetime lifetime,
    DrawingService drawings,
    ILogger<SavedDrawingsWarmUp> logger) : BackgroundService
{
    /// <summary>Completes when the warm-up has run, with what it did (nothing when switched off, failed or stopped).</summary>
    public Task<(int DrawingsRead, bool Measured)> Completion => completion.Task;

    private readonly TaskCompletionSource<(int DrawingsRead, bool Measured)> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        (int, bool) done = default;
        try
        {
            if (options.Value.WarmUp)
            {
                await lifetime.WhenStartedAsync(stoppingToken);
                var stopwatch = Stopwatch.StartNew();
                done = await drawings.WarmUpAsync(stoppingToken);
                logger.LogInformation(
                    "Saved drawings warmed up: {Drawings} read, {Measured} in {Ms:0} ms",
                    done.Item1, done.Item2 ? "the models measured on them" : "no model to measure yet", stopwatch.Elapsed.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DataFileException e)
        {
            // The pages say what is wrong with the database when it is asked for; nothing else depends on this.
            logger.LogWarning("Saved drawings were not warmed up: {Reason}", e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Saved drawings were not warmed up; the first visit to them will take longer");
        }
        finally
        {
            completion.TrySetResult(done);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        completion.TrySetResult(default); // a stop before ExecuteAsync was scheduled means it never runs
    }
}
