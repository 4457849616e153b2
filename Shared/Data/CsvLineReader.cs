namespace MnistBlazor.Shared.Data;

/// <summary>
/// Reads a text file line by line as raw bytes without allocating per line: the numeric CSV files
/// of the Kaggle competition are ASCII, so parsing bytes directly is both exact and fast. Accepts
/// LF or CRLF line endings, a missing final newline and a UTF-8 byte order mark.
/// </summary>
internal sealed class CsvLineReader : IDisposable
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _endOfStream;

    private CsvLineReader(Stream stream) => _stream = stream;

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    public static CsvLineReader Open(string path)
    {
        try
        {
            return new CsvLineReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan));
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFileException(path, $"file not found (looked for {Path.GetFullPath(path)})", innerException: exception);
        }
    }

    /// <summary>The next line without its line ending; false at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = TakeLine(newline, newline + 1);
                return true;
            }

            if (_endOfStream)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }

                line = TakeLine(_end - _start, _end - _start);
                return true;
            }

            Refill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private ReadOnlySpan<byte> TakeLine(int length, int consumed)
    {
        var line = _buffer.AsSpan(_start, length);
        _start += consumed;
        LineNumber++;
        if (LineNumber == 1 && line.StartsWith(ByteOrderMark))
        {
            line = line[ByteOrderMark.Length..];
        }

        return line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
    }

    private void Refill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }
}
