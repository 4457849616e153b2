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
/// <see cref="WorkAfterStart{TResult}.Completion"/> gives how many drawings were read and whether the models were measured.
/// </summary>
public sealed class SavedDrawingsWarmUp(
    IOptions<DrawingsOptions> options,
    IHostApplicationLifetime lifetime,
    DrawingService drawings,
    ILogger<SavedDrawingsWarmUp> logger) : WorkAfterStart<(int DrawingsRead, bool Measured)>(lifetime)
{
    protected override bool Enabled => options.Value.WarmUp;

    protected override async Task<(int DrawingsRead, bool Measured)> WorkAsync(CancellationToken stoppingToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var done = await drawings.WarmUpAsync(stoppingToken);
        logger.LogInformation(
            "Saved drawings warmed up: {Drawings} read, {Measured} in {Ms:0} ms",
            done.DrawingsRead, done.Measured ? "the models measured on them" : "no model to measure yet", stopwatch.Elapsed.TotalMilliseconds);
        return done;
    }

    protected override void LogFailure(Exception failure)
    {
        if (failure is DataFileException refused)
        {
            // The pages say what is wrong with the database when it is asked for.
            logger.LogWarning("Saved drawings were not warmed up: {Reason}", refused.Message);
        }
        else
        {
            logger.LogWarning(failure, "Saved drawings were not warmed up; the first visit to them will take longer");
        }
    }
}
