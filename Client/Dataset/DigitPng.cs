using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Dataset;

/// <summary>
/// Encodes a 28x28 MNIST image as a tiny grayscale PNG data URL (a few hundred bytes), white ink on
/// black as MNIST stores it, so galleries stay light: one &lt;img&gt; per digit instead of 784 elements.
/// </summary>
public static class DigitPng
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static string DataUrl(ReadOnlySpan<byte> pixels) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(pixels));

    public static byte[] Encode(ReadOnlySpan<byte> pixels) => Encode(pixels, Grayscale);

    /// <summary>A 28x28 colour image (red, green, blue bytes per pixel, row-major) as a PNG data URL.</summary>
    public static string RgbDataUrl(ReadOnlySpan<byte> rgb) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(rgb, Rgb));

    /// <summary>A grayscale image of any size (one byte per pixel, row-major) as a PNG data URL.</summary>
    public static string GrayscaleDataUrl(ReadOnlySpan<byte> pixels, int width, int height) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(pixels, Grayscale, width, height));

    private static readonly (byte ColorType, int BytesPerPixel) Grayscale = (0, 1);
    private static readonly (byte ColorType, int BytesPerPixel) Rgb = (2, 3);

    private static byte[] Encode(ReadOnlySpan<byte> pixels, (byte ColorType, int BytesPerPixel) format) =>
        Encode(pixels, format, MnistGeometry.Side, MnistGeometry.Side);

    private static byte[] Encode(ReadOnlySpan<byte> pixels, (byte ColorType, int BytesPerPixel) format, int width, int height)
    {
        var rowBytes = width * format.BytesPerPixel;
        if (width < 1 || height < 1 || pixels.Length != width * height * format.BytesPerPixel)
        {
            throw new ArgumentException($"Expected {width}x{height} pixels of {format.BytesPerPixel} bytes; got {pixels.Length} bytes.", nameof(pixels));
        }

        using var output = new MemoryStream(512);
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bits per sample
        header[9] = format.ColorType; // 0 grayscale, 2 RGB
        WriteChunk(output, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var row = 0; row < height; row++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(pixels.Slice(row * rowBytes, rowBytes));
            }
        }

        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        output.Write(number);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        output.Write(number);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
