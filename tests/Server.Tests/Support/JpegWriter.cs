using System.Buffers.Binary;
using StbImageWriteSharp;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>JPEG files for tests, with the EXIF orientation a phone camera records when it is held turned.</summary>
public static class JpegWriter
{
    public static byte[] Rgba(int width, int height, byte[] rgba)
    {
        using var output = new MemoryStream();
        new ImageWriter().WriteJpg(rgba, width, height, ColorComponents.RedGreenBlueAlpha, output, 95);
        return output.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with an APP1 EXIF segment right after its start of image, whose first directory holds
    /// the orientation tag (0x0112, a SHORT) after <paramref name="tagsBefore"/> other tags.
    /// </summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation, bool bigEndian = true, int tagsBefore = 0)
    {
        var entries = tagsBefore + 1;
        var tiff = new byte[8 + 2 + 12 * entries + 4];
        void U16(int at, int value)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), (ushort)value);
            else BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), (ushort)value);
        }

        void U32(int at, int value)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at), (uint)value);
            else BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at), (uint)value);
        }

        tiff[0] = tiff[1] = (byte)(bigEndian ? 'M' : 'I');
        U16(2, 42);
        U32(4, 8); // the first directory right after the header
        U16(8, entries);
        for (var i = 0; i < tagsBefore; i++)
        {
            U16(10 + 12 * i, 0x010F + i); // camera make and the like: ASCII tags the reader passes over
            U16(12 + 12 * i, 2);
        }

        var orientationEntry = 10 + 12 * tagsBefore;
        U16(orientationEntry, 0x0112);
        U16(orientationEntry + 2, 3);
        U32(orientationEntry + 4, 1);
        U16(orientationEntry + 8, orientation);

        var segment = new byte[4 + 6 + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment.AsSpan(10));
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
