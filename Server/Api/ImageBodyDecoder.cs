using MnistBlazor.Shared.Imaging;
using StbImageSharp;

namespace MnistBlazor.Server.Api;

/// <summary>Turns a PNG or JPEG body into an ink image, refusing oversized images before decoding them.</summary>
public static class ImageBodyDecoder
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    public static bool LooksLikeImage(ReadOnlySpan<byte> body) =>
        body.StartsWith(PngSignature) || body.StartsWith(JpegSignature);

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
        ImageInfo? info;
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            info = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BadInputException("Corrupt image", $"The {format} image's header cannot be read: {e.Message}");
        }

        if (info is not { Width: > 0, Height: > 0 } header)
        {
            throw new BadInputException("Corrupt image", $"The {format} image's header cannot be read (no valid width and height).");
        }

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
            throw new BadInputException("Corrupt image", $"The {format} image ({header.Width}x{header.Height}) cannot be decoded: {e.Message}");
        }

        if (decoded?.Data is null || decoded.Data.Length != decoded.Width * decoded.Height * 4)
        {
            throw new BadInputException("Corrupt image", $"The {format} image cannot be decoded.");
        }

        return InkImage.FromRgba(decoded.Data, decoded.Width, decoded.Height);
    }
}
