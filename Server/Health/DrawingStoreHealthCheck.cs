using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MnistBlazor.Server.Drawings;
using MnistBlazor.Shared.Data;

namespace MnistBlazor.Server.Health;

/// <summary>Ready when the saved-drawings store (SQLite file or PostgreSQL database) opens and answers a query.</summary>
public sealed class DrawingStoreHealthCheck(DrawingService drawings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await Task.Run(() => drawings.Store.Count(), cancellationToken);
            return HealthCheckResult.Healthy($"The drawings store answers ({count} drawings).");
        }
        catch (Exception e) when (e is DataFileException or DbException or IOException)
        {
            // The message names the store's file or database, never the server's directories or connection string.
            return HealthCheckResult.Unhealthy($"The drawings store does not answer: {e.Message}");
        }
    }
}
