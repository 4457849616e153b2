using Microsoft.Extensions.Options;
using MnistBlazor.Server.Security;

namespace MnistBlazor.Server.Tests.Security;

/// <summary>The concurrency limit the API and the pages share.</summary>
public sealed class InferenceLimiterTests
{
    [Fact]
    public async Task The_middleware_disposing_its_idle_view_leaves_the_shared_limit_in_force()
    {
        using var limiter = new InferenceLimiter(Options.Create(new RequestLimitsOptions { InferenceConcurrency = 1, InferenceQueue = 0 }));
        using (var view = limiter.ForMiddleware())
        {
            using var lease = view.AttemptAcquire();
            Assert.True(lease.IsAcquired);
            using var second = await limiter.AcquireAsync(CancellationToken.None);
            Assert.False(second.IsAcquired); // one permit, held through the view
        }

        using var afterDisposal = await limiter.AcquireAsync(CancellationToken.None);
        Assert.True(afterDisposal.IsAcquired);
        using var beyond = limiter.ForMiddleware().AttemptAcquire();
        Assert.False(beyond.IsAcquired);
    }
}
