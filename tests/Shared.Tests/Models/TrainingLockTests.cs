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

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
