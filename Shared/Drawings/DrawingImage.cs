using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Drawings;

/// <summary>Converts between the models' 0..1 floats and the 0..255 bytes MNIST (and the store) keep.</summary>
public static class DrawingImage
{
    public static byte[] ToBytes(ReadOnlySpan<float> pixels)
    {
        RequireLength(pixels.Length);
        var bytes = new byte[MnistGeometry.PixelCount];
        for (var i = 0; i < bytes.Length; i++)
        {
            var value = pixels[i];
            if (!float.IsFinite(value))
            {
                throw new ArgumentException($"Pixel {i} is {value}, not a finite number.", nameof(pixels));
            }

            bytes[i] = (byte)Math.Round(Math.Clamp(value, 0f, 1f) * 255f);
        }

        return bytes;
    }

    public static float[] ToFloats(ReadOnlySpan<byte> image)
    {
        RequireLength(image.Length);
        var pixels = new float[MnistGeometry.PixelCount];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = image[i] / 255f;
        }

        return pixels;
    }

    private static void RequireLength(int length)
    {
        if (length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"An image has {MnistGeometry.PixelCount} pixels (28x28); got {length}.");
        }
    }
}
