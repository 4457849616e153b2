namespace MnistBlazor.Server.Inference;

/// <summary>
/// The cores every model run shares (each session runs on one intra-op thread), so that requests, explanations and
/// background measurements together never run more sessions at once than there are cores. Requests come first: a
/// background run (the comparison page's measurements) waits for a quiet moment (no request running or started for
/// <see cref="QuietPeriod"/>), or at most <see cref="MaxBackgroundDeferral"/>, so it still moves on under constant
/// load; it starts only while no request is waiting for a core, and background runs never hold every core.
/// </summary>
public sealed class InferenceCores
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource<Lease>> requests = new();
    private readonly LinkedList<TaskCompletionSource<Lease>> background = new();
    private readonly TimeProvider clock;
    private int free;
    private int heldInBackground;
    private int heldByRequests;
    private long? lastRequestActivity;

    public InferenceCores()
        : this(Environment.ProcessorCount)
    {
    }

    public InferenceCores(int count, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Count = count;
        free = count;
        MaxInBackground = Math.Max(1, count - 1);
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>How long no request must have run before background work starts (requests of one client come closer).</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest a background run waits for a quiet moment: under constant load it still gets a core this often.</summary>
    public TimeSpan MaxBackgroundDeferral { get; init; } = TimeSpan.FromSeconds(1);

    public int Count { get; }

    /// <summary>How many cores background runs may hold at once: all but one (one on a single core).</summary>
    public int MaxInBackground { get; }

    /// <summary>Cores nobody holds now.</summary>
    public int Free
    {
        get
        {
            lock (gate)
            {
                return free;
            }
        }
    }

    /// <summary>A core for a run that someone is waiting for; dispose the lease when the run is over.</summary>
    public Task<Lease> ForRequestAsync(CancellationToken cancellationToken) => EnterAsync(inBackground: false, cancellationToken);

    /// <summary>A core for background work, after a quiet moment and once no request waits for one; hold it for one short run only.</summary>
    public async Task<Lease> ForBackgroundAsync(CancellationToken cancellationToken)
    {
        var waitingSince = clock.GetTimestamp();
        while (UntilQuiet(waitingSince) is { } wait)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }

        return await EnterAsync(inBackground: true, cancellationToken);
    }

    /// <summary>How much longer background work that has waited since <paramref name="waitingSince"/> should wait; null: start now.</summary>
    private TimeSpan? UntilQuiet(long waitingSince)
    {
        lock (gate)
        {
            var overdueIn = MaxBackgroundDeferral - clock.GetElapsedTime(waitingSince);
            if (overdueIn <= TimeSpan.Zero || lastRequestActivity is not { } last)
            {
                return null;
            }

            var quietIn = heldByRequests > 0 ? QuietPeriod : QuietPeriod - clock.GetElapsedTime(last);
            return quietIn <= TimeSpan.Zero ? null : quietIn < overdueIn ? quietIn : overdueIn;
        }
    }

    private Task<Lease> EnterAsync(bool inBackground, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<Lease>(cancellationToken);
        }

        TaskCompletionSource<Lease> waiter;
        LinkedListNode<TaskCompletionSource<Lease>> node;
        lock (gate)
        {
            if (CanStart(inBackground))
            {
                return Task.FromResult(Take(inBackground));
            }

            waiter = new TaskCompletionSource<Lease>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = (inBackground ? background : requests).AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (gate)
                {
                    if (node.List is null)
                    {
                        return; // granted already: the caller owns the lease
                    }

                    node.List.Remove(node);
                }

                waiter.TrySetCanceled(cancellationToken);
            });
            waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    private bool CanStart(bool inBackground) =>
        free > 0 && (!inBackground || (requests.Count == 0 && heldInBackground < MaxInBackground));

    private Lease Take(bool inBackground)
    {
        free--;
        if (inBackground)
        {
            heldInBackground++;
        }
        else
        {
            heldByRequests++;
            lastRequestActivity = clock.GetTimestamp();
        }

        return new Lease(this, inBackground);
    }

    private void Exit(bool inBackground)
    {
        var granted = new List<(TaskCompletionSource<Lease> Waiter, Lease Lease)>();
        lock (gate)
        {
            free++;
            if (inBackground)
            {
                heldInBackground--;
            }
            else
            {
                heldByRequests--;
                lastRequestActivity = clock.GetTimestamp();
            }

            while (free > 0)
            {
                var queue = requests.Count > 0 ? requests : background.Count > 0 && CanStart(inBackground: true) ? background : null;
                if (queue is null)
                {
                    break;
                }

                var waiter = queue.First!.Value;
                queue.RemoveFirst();
                granted.Add((waiter, Take(inBackground: queue == background)));
            }
        }

        // Completed outside the lock; continuations run asynchronously anyway.
        foreach (var (waiter, lease) in granted)
        {
            waiter.SetResult(lease);
        }
    }

    /// <summary>One held core; disposing it (once; later calls do nothing) hands the core on.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly InferenceCores owner;
        private readonly bool inBackground;
        private int released;

        internal Lease(InferenceCores owner, bool inBackground)
        {
            this.owner = owner;
            this.inBackground = inBackground;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Exit(inBackground);
            }
        }
    }
}
