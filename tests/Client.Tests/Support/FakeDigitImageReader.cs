using MnistBlazor.Client.Drawing;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>Answers every file with <see cref="Answer"/> and records what it was given.</summary>
public sealed class FakeDigitImageReader : IDigitImageReader
{
    public long MaxBytes { get; set; } = 8 * 1024 * 1024;

    public int MaxImageSide { get; set; } = 4096;

    public long MaxImagePixels { get; set; } = 4_194_304;

    public ImageDigit Answer { get; set; } = ImageDigit.Refused("no answer set");

    public List<(string FileName, byte[] Content)> Received { get; } = [];

    public Task<ImageDigit> ReadAsync(string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        Received.Add((fileName, content));
        return Task.FromResult(Answer);
    }
}
