namespace MnistBlazor.Shared.IO;

/// <summary>
/// Reads another stream of known <paramref name="length"/> and reports the share read so far (0..1) as it goes, at most
/// once per whole percent, so a reader of a large upload can show how far it is.
/// </summary>
public sealed class ReadProgressStream(Stream inner, long length, IProgress<double> progress) : Stream
{
    private long read;
    private int reportedPercent = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int bytes)
    {
        read += bytes;
        var share = length <= 0 ? 1 : Math.Min(1, (double)read / length);
        var percent = (int)(share * 100);
        if (percent > reportedPercent)
        {
            reportedPercent = percent;
            progress.Report(share);
        }

        return bytes;
    }
}
