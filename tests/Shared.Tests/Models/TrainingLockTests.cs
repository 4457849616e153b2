using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class TrainingLockTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "mnistblazor-training-lock-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void One_training_at_a_time_holds_a_models_directory()
    {
        Assert.False(TrainingLock.IsHeld(directory));

        using (var first = TrainingLock.TryTake(directory))
        {
            Assert.NotNull(first);
            Assert.Null(TrainingLock.TryTake(directory));
            Assert.True(TrainingLock.IsHeld(directory));
        }

        Assert.False(TrainingLock.IsHeld(directory));
        using var next = TrainingLock.TryTake(directory);
        Assert.NotNull(next);
    }

    [Fact]
    public void A_trainer_starting_while_the_lock_is_held_for_a_moment_waits_it_out_and_takes_it()
    {
        var probe = TrainingLock.TryTake(directory);
        Assert.NotNull(probe);
        // A thread of its own: a busy thread pool (the whole suite runs in parallel) must not delay the release.
        var release = new Thread(() =>
        {
            Thread.Sleep(100);
            probe.Dispose();
        });
        release.Start();

        using var taken = TrainingLock.TryTake(directory, TimeSpan.FromSeconds(30));

        Assert.NotNull(taken);
        release.Join();
    }

    [Fact]
    public void A_trainer_gives_up_when_the_lock_stays_held_past_its_patience()
    {
        using var other = TrainingLock.TryTake(directory);
        Assert.NotNull(other);

        Assert.Null(TrainingLock.TryTake(directory, TimeSpan.FromMilliseconds(150)));
    }

    [Fact]
    public void A_reader_sees_a_training_without_ever_creating_the_models_directory()
    {
        Assert.False(TrainingLock.IsHeld(directory));
        Assert.False(Directory.Exists(directory));

        using (TrainingLock.TryTake(directory))
        {
            Assert.True(TrainingLock.IsHeld(directory));
        }

        Assert.False(TrainingLock.IsHeld(directory));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
