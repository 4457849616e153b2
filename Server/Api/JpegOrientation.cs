using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MnistBlazor.Server.Api;

/// <summary>
/// The EXIF orientation of a JPEG (tag 0x0112 of the first image directory): phone cameras store a photo as the sensor
/// saw it and record how to turn it upright, so a digit photographed with the phone held upright is stored lying on
/// its side. Decoders do not apply it; <see cref="Upright"/> does.
/// </summary>
public static class JpegOrientation
{
    /// <summary>The stored image is upright as it is.</summary>
    public const int AsStored = 1;

    private const ushort OrientationTag = 0x0112;

    /// <summary>
    /// The orientation (1 to 8) recorded in <paramref name="jpeg"/>'s EXIF segment; 1 when there is none, or when it is
    /// damaged or out of range (the image is then shown as stored, as most viewers do).
    /// </summary>
    public static int Read(ReadOnlySpan<byte> jpeg)
    {
        // Markers after the start of image (FFD8): each segment is FF, its marker, a big-endian length that counts itself.
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            var marker = jpeg[position + 1];
            if (marker is 0xDA or 0xD9)
            {
                break; // the image data starts (or ends): the metadata segments are all before it
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.Slice(position + 2, 2));
            if (length < 2 || position + 2 + length > jpeg.Length)
            {
                break;
            }

            var segment = jpeg.Slice(position + 4, length - 2);
            if (marker == 0xE1 && segment.StartsWith("Exif\0\0"u8))
            {
                return FromTiff(segment[6..]);
            }

            position += 2 + length;
        }

        return AsStored;
    }

    private static int FromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return AsStored;
        }

        var bigEndian = tiff.StartsWith("MM"u8);
        if (!bigEndian && !tiff.StartsWith("II"u8))
        {
            return AsStored;
        }

        var directory = U32(tiff, 4, bigEndian);
        if (U16(tiff, 2, bigEndian) != 42 || directory > (uint)(tiff.Length - 2))
        {
            return AsStored;
        }

        var entries = U16(tiff, (int)directory, bigEndian);
        for (var i = 0; i < entries; i++)
        {
            var entry = (int)directory + 2 + 12 * i;
            if (entry + 12 > tiff.Length)
            {
                break;
            }

            if (U16(tiff, entry, bigEndian) == OrientationTag)
            {
                // A SHORT (type 3) held in the first two bytes of the value field.
                var orientation = U16(tiff, entry + 2, bigEndian) == 3 ? U16(tiff, entry + 8, bigEndian) : 0;
                return orientation is >= 1 and <= 8 ? orientation : AsStored;
            }
        }

        return AsStored;
    }

    private static ushort U16(ReadOnlySpan<byte> tiff, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(tiff.Slice(at, 2)) : BinaryPrimitives.ReadUInt16LittleEndian(tiff.Slice(at, 2));

    private static uint U32(ReadOnlySpan<byte> tiff, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(tiff.Slice(at, 4)) : BinaryPrimitives.ReadUInt32LittleEndian(tiff.Slice(at, 4));

    /// <summary>
    /// <paramref name="rgba"/> (<paramref name="width"/> x <paramref name="height"/>, 4 bytes a pixel) turned upright for
    /// <paramref name="orientation"/>: mirrored (2, 4), turned half round (3), or turned a quarter with or without a
    /// mirror (5 to 8, which swap width and height). Orientation 1 returns the image itself.
    /// </summary>
    public static (byte[] Rgba, int Width, int Height) Upright(byte[] rgba, int width, int height, int orientation)
    {
        ArgumentNullException.ThrowIfNull(rgba);
        if (orientation is < 1 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "An EXIF orientation is 1 to 8.");
        }

        if (orientation == AsStored)
        {
            return (rgba, width, height);
        }

        var source = MemoryMarshal.Cast<byte, int>(rgba);
        var quarterTurn = orientation >= 5;
        var (uprightWidth, uprightHeight) = quarterTurn ? (height, width) : (width, height);
        var upright = new byte[rgba.Length];
        var target = MemoryMarshal.Cast<byte, int>(upright.AsSpan());
        for (var y = 0; y < uprightHeight; y++)
        {
            for (var x = 0; x < uprightWidth; x++)
            {
                var (sourceX, sourceY) = orientation switch
                {
                    2 => (width - 1 - x, y),
                    3 => (width - 1 - x, height - 1 - y),
                    4 => (x, height - 1 - y),
                    5 => (y, x),
                    6 => (y, height - 1 - x),
                    7 => (width - 1 - y, height - 1 - x),
                    _ => (width - 1 - y, x), // 8
                };
                target[y * uprightWidth + x] = source[sourceY * width + sourceX];
            }
        }

        return (upright, uprightWidth, uprightHeight);
    }
}
