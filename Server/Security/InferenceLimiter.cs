using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MnistBlazor.Server.Security;

/// <summary>
/// The one concurrency limit of the work a client asks for that decodes images and runs the models: the API's
/// endpoints (rate-limiting policy <see cref="RequestLimits.InferencePolicy"/>) and the pages' opened image files take
/// their permits from the same limiter, so pages cannot decode more large images at once than the API may, nor the
/// two together twice as many (`Limits:InferenceConcurrency` at once, `Limits:InferenceQueue` waiting).
/// </summary>
public sealed class InferenceLimiter(IOptions<RequestLimitsOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.EffectiveInferenceConcurrency,
        QueueLimit = options.Value.InferenceQueue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Waits for a permit (in the queue when all are taken); the lease is not acquired when the queue is full too.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken) => limiter.AcquireAsync(1, cancellationToken);

    /// <summary>
    /// The limiter for the rate-limiting middleware's partition, which disposes limiters it has not used for a while
    /// and asks for a new one: disposing this view leaves the shared limiter as it is.
    /// </summary>
    public RateLimiter ForMiddleware() => new Undisposed(limiter);

    public void Dispose() => limiter.Dispose();

    private sealed class Undisposed(RateLimiter shared) : RateLimiter
    {
        public override TimeSpan? IdleDuration => shared.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => shared.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.AttemptAcquire(permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            shared.AcquireAsync(permitCount, cancellationToken);
    }
}
