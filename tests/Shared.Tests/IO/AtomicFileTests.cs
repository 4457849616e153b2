using MnistBlazor.Shared.IO;

namespace MnistBlazor.Shared.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_failed_write_keeps_the_previous_content_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_directory, "weights.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write([9, 9]);
            throw new InvalidOperationException("interrupted");
        }));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Async_writes_replace_the_content_and_create_folders()
    {
        var path = Path.Combine(_directory, "a", "b", "history.json");

        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync("first"u8.ToArray(), token).AsTask());
        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync("second"u8.ToArray(), token).AsTask());

        Assert.Equal("second", await File.ReadAllTextAsync(path));
    }
}
