using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Tests.IO;

public sealed class ReadProgressStreamTests
{
    /// <summary>Reports on the reading thread, unlike <see cref="Progress{T}"/>, so a test sees every report at once.</summary>
    private sealed class Recorded : IProgress<double>
    {
        public List<double> Shares { get; } = [];

        public void Report(double value) => Shares.Add(value);
    }

    [Fact]
    public async Task The_share_read_is_reported_as_it_grows_at_most_once_a_percent_and_ends_at_one()
    {
        var content = Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray();
        var progress = new Recorded();
        await using var stream = new ReadProgressStream(new MemoryStream(content), content.Length, progress);
        using var copy = new MemoryStream();

        var buffer = new byte[7];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(content, copy.ToArray());
        Assert.Equal(1.0, progress.Shares[^1]);
        Assert.True(progress.Shares.Count <= 101, $"{progress.Shares.Count} reports");
        Assert.Equal(progress.Shares.Order(), progress.Shares);
        Assert.Equal(progress.Shares.Count, progress.Shares.Distinct().Count());
    }

    [Fact]
    public void An_empty_stream_reads_as_all_read()
    {
        var progress = new Recorded();
        using var stream = new ReadProgressStream(new MemoryStream(), 0, progress);

        Assert.Equal(0, stream.Read(new byte[4], 0, 4));
        Assert.Equal([1.0], progress.Shares);
    }
}
