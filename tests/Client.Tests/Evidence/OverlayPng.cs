using System.Buffers.Binary;
using System.IO.Compression;

namespace MnistBlazor.Client.Tests.Evidence;

/// <summary>Reads back the 28x28 RGB PNG data URLs the overlay draws (no filters, one IDAT chunk).</summary>
public static class OverlayPng
{
    public static (byte R, byte G, byte B)[] Decode(string dataUrl)
    {
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, dataUrl);
        var png = Convert.FromBase64String(dataUrl[prefix.Length..]);
        var offset = 8;
        byte[]? idat = null;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                Assert.Equal(28, BinaryPrimitives.ReadInt32BigEndian(data));
                Assert.Equal(28, BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal(2, data[9]); // RGB
            }
            else if (type == "IDAT")
            {
                idat = data.ToArray();
            }

            offset += 12 + length;
        }

        using var rows = new ZLibStream(new MemoryStream(idat!), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        rows.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(28 * (1 + 28 * 3), bytes.Length);
        var pixels = new (byte, byte, byte)[784];
        for (var pixel = 0; pixel < 784; pixel++)
        {
            var at = pixel / 28 * (1 + 28 * 3) + 1 + pixel % 28 * 3;
            pixels[pixel] = (bytes[at], bytes[at + 1], bytes[at + 2]);
        }

        return pixels;
    }
}
