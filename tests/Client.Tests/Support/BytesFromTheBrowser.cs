using Microsoft.JSInterop;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>Bytes a JS module hands back as a stream (an image the browser encoded), remembering whether it was disposed.</summary>
internal sealed class BytesFromTheBrowser(byte[] bytes) : IJSStreamReference
{
    public long Length => bytes.Length;

    public bool Disposed { get; private set; }

    public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream>(new MemoryStream(bytes, writable: false));

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
