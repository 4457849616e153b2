using System.Buffers.Binary;
using MnistBlazor.Shared.Imaging;
using StbImageSharp;

namespace MnistBlazor.Server.Api;

/// <summary>Turns a PNG or JPEG body into an ink image (a JPEG turned upright as its EXIF orientation says), refusing oversized images before decoding them.</summary>
public static class ImageBodyDecoder
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static bool LooksLikeImage(ReadOnlySpan<byte> body) =>
        body.StartsWith(PngSignature) || body.StartsWith(JpegSignature);

    /// <summary>Width and height from the PNG's IHDR chunk, which must come first.</summary>
    private static (int Width, int Height) PngSize(byte[] body)
    {
        if (body.Length < 24 || !body.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new BadInputException("Corrupt image", "The PNG image has no IHDR header chunk after its signature.");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(20, 4));
        if (width <= 0 || height <= 0)
        {
            throw new BadInputException("Corrupt image", $"The PNG header gives an invalid size {width}x{height}.");
        }

        return (width, height);
    }

    private static (int Width, int Height) JpegSize(byte[] body)
    {
        ImageInfo? info;
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            info = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BadInputException("Corrupt image", $"The JPEG image's header cannot be read: {e.Message}");
        }

        return info is { Width: > 0, Height: > 0 } header
            ? (header.Width, header.Height)
            : throw new BadInputException("Corrupt image", "The JPEG image's header cannot be read (no valid width and height).");
    }

    public static GrayImage Decode(byte[] body, ApiOptions limits)
    {
        if (body.Length == 0)
        {
            throw new BadInputException("Empty body", "The request body is empty; send a PNG or JPEG image, or JSON.");
        }

        if (!LooksLikeImage(body))
        {
            throw new BadInputException(
                "Not an image",
                $"The body is not a PNG or JPEG image: it starts with bytes {Convert.ToHexString(body.AsSpan(0, Math.Min(8, body.Length)))}.");
        }

        var format = body[0] == 0x89 ? "PNG" : "JPEG";
        var header = format == "PNG" ? PngSize(body) : JpegSize(body);

        if (header.Width > limits.MaxImageSide || header.Height > limits.MaxImageSide
            || (long)header.Width * header.Height > limits.MaxImagePixels)
        {
            throw new BadInputException(
                "Image too large",
                $"The image is {header.Width}x{header.Height} pixels; at most {limits.MaxImageSide} pixels a side and {limits.MaxImagePixels} pixels in all are accepted.");
        }

        ImageResult decoded;
        try
        {
            decoded = ImageResult.FromMemory(body, ColorComponents.RedGreenBlueAlpha);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BadInputException("Corrupt image", $"The {format} image ({header.Width}x{header.Height}) cannot be decoded: {DecoderReason(e)}");
        }

        if (decoded?.Data is null || decoded.Data.Length != decoded.Width * decoded.Height * 4)
        {
            throw new BadInputException("Corrupt image", $"The {format} image cannot be decoded.");
        }

        var (rgba, width, height) = format == "JPEG"
            ? JpegOrientation.Upright(decoded.Data, decoded.Width, decoded.Height, JpegOrientation.Read(body))
            : (decoded.Data, decoded.Width, decoded.Height);
        try
        {
            return InkImage.FromRgba(rgba, width, height);
        }
        catch (ArgumentException e)
        {
            throw new BadInputException("Invalid image", e.Message);
        }
    }

    /// <summary>
    /// The decoder's reason as a sentence, or a plain one where it gives none: for a file cut short its message is a
    /// run of NUL characters, which must not reach a person or a JSON answer.
    /// </summary>
    private static string DecoderReason(Exception e)
    {
        var reason = new string(e.Message.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (!reason.Any(char.IsLetter))
        {
            return "its data is damaged or cut short.";
        }

        return reason.EndsWith('.') ? reason : reason + ".";
    }
}
