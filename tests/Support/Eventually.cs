namespace MnistBlazor.Tests.Support;

/// <summary>Waits for something a background watcher or process does, failing with a message when it never happens.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails with <paramref name="failure"/> after the patience.</summary>
    public static Task TrueAsync(Func<bool> condition, string failure = "The condition did not become true in time.", TimeSpan? patience = null) =>
        TrueAsync(() => Task.FromResult(condition()), failure, patience);

    /// <summary>The same for a condition that has to be awaited (an HTTP request, ...).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string failure = "The condition did not become true in time.", TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? DefaultPatience);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
