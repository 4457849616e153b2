using Microsoft.Extensions.Time.Testing;
using MnistBlazor.Server.Inference;

namespace MnistBlazor.Server.Tests.Inference;

public sealed class InferenceCoresTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Requests_take_free_cores_at_once_and_the_next_waits_for_a_release()
    {
        var cores = new InferenceCores(2);
        var first = await cores.ForRequestAsync(CancellationToken.None);
        using var second = await cores.ForRequestAsync(CancellationToken.None);
        Assert.Equal(0, cores.Free);

        var third = cores.ForRequestAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var granted = await third.WaitAsync(Patience);
        Assert.Equal(0, cores.Free);
    }

    [Fact]
    public async Task Background_work_starts_at_once_when_no_request_ever_ran()
    {
        var cores = new InferenceCores(2, new FakeTimeProvider());

        var background = cores.ForBackgroundAsync(CancellationToken.None);

        Assert.True(background.IsCompletedSuccessfully);
        (await background).Dispose();
    }

    [Fact]
    public async Task Background_work_waits_for_a_quiet_moment_after_the_last_request()
    {
        var clock = new FakeTimeProvider();
        var cores = new InferenceCores(2, clock);
        (await cores.ForRequestAsync(CancellationToken.None)).Dispose();

        var background = cores.ForBackgroundAsync(CancellationToken.None);
        clock.Advance(cores.QuietPeriod / 2);
        await Task.Delay(100); // real time: only the fake clock can end its wait
        Assert.False(background.IsCompleted);

        clock.Advance(cores.QuietPeriod / 2);
        using var lease = await background.WaitAsync(Patience);
    }

    [Fact]
    public async Task Under_constant_load_background_work_still_gets_a_core_after_the_longest_deferral()
    {
        var clock = new FakeTimeProvider();
        var cores = new InferenceCores(2, clock);
        using var running = await cores.ForRequestAsync(CancellationToken.None);

        var background = cores.ForBackgroundAsync(CancellationToken.None);
        for (var step = 0; step < 9; step++)
        {
            clock.Advance(cores.MaxBackgroundDeferral / 10);
            await Task.Delay(20);
            Assert.False(background.IsCompleted);
        }

        clock.Advance(cores.MaxBackgroundDeferral / 10);
        using var lease = await background.WaitAsync(Patience);
        Assert.Equal(0, cores.Free);
    }

    [Fact]
    public async Task A_waiting_request_goes_before_background_work_that_waited_longer()
    {
        var cores = new InferenceCores(1, new FakeTimeProvider());
        var held = await cores.ForBackgroundAsync(CancellationToken.None);
        var background = cores.ForBackgroundAsync(CancellationToken.None); // no request yet: it queues for the core
        var request = cores.ForRequestAsync(CancellationToken.None);

        held.Dispose();
        var requestLease = await request.WaitAsync(Patience);
        Assert.False(background.IsCompleted);

        requestLease.Dispose(); // the background run queued before the request: its wait for a quiet moment is over
        using var backgroundLease = await background.WaitAsync(Patience);
    }

    [Fact]
    public async Task Background_work_never_holds_every_core_so_a_request_starts_at_once()
    {
        var cores = new InferenceCores(2, new FakeTimeProvider());
        Assert.Equal(1, cores.MaxInBackground);
        var firstBackground = await cores.ForBackgroundAsync(CancellationToken.None);
        var secondBackground = cores.ForBackgroundAsync(CancellationToken.None);
        Assert.False(secondBackground.IsCompleted);
        Assert.Equal(1, cores.Free);

        var request = cores.ForRequestAsync(CancellationToken.None);
        Assert.True(request.IsCompletedSuccessfully);
        (await request).Dispose();
        Assert.False(secondBackground.IsCompleted);

        firstBackground.Dispose();
        using var next = await secondBackground.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_queue_without_taking_a_core()
    {
        var cores = new InferenceCores(1);
        var held = await cores.ForRequestAsync(CancellationToken.None);
        using var leaving = new CancellationTokenSource();
        var givenUp = cores.ForRequestAsync(leaving.Token);
        var staying = cores.ForRequestAsync(CancellationToken.None);

        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givenUp.WaitAsync(Patience));
        held.Dispose();

        using var lease = await staying.WaitAsync(Patience);
        Assert.Equal(0, cores.Free);
    }

    [Fact]
    public async Task A_lease_disposed_twice_hands_on_its_core_once()
    {
        var cores = new InferenceCores(2);
        var lease = await cores.ForRequestAsync(CancellationToken.None);
        lease.Dispose();
        lease.Dispose();

        Assert.Equal(2, cores.Free);
    }

    [Fact]
    public async Task An_already_cancelled_caller_gets_no_core()
    {
        var cores = new InferenceCores(1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cores.ForRequestAsync(new CancellationToken(canceled: true)));
        Assert.Equal(1, cores.Free);
    }
}
