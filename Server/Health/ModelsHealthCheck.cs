using Microsoft.Extensions.Diagnostics.HealthChecks;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Health;

/// <summary>
/// Ready when every model is loaded; degraded (still serving) when some are; unhealthy when none is,
/// since then no verdict can be given.
/// </summary>
public sealed class ModelsHealthCheck(ModelRegistry registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = registry.Statuses;
        var ready = statuses.Where(s => s.IsReady).Select(s => s.ModelId).ToArray();
        var notReady = statuses.Where(s => !s.IsReady).Select(s => s.ModelId).ToArray();
        var data = new Dictionary<string, object>
        {
            ["ready"] = ready,
            ["unavailable"] = notReady,
        };

        var result = (ready.Length, notReady.Length) switch
        {
            (0, _) => HealthCheckResult.Unhealthy(
                $"No model is loaded: {registry.DirectoryProblem ?? "train or copy models into the models directory."}", data: data),
            (_, 0) => HealthCheckResult.Healthy($"All {ready.Length} models are loaded.", data),
            _ => HealthCheckResult.Degraded($"{ready.Length} of {statuses.Count} models are loaded; unavailable: {string.Join(", ", notReady)}.", data: data),
        };
        return Task.FromResult(result);
    }
}
