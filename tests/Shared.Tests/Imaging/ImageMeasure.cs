using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

/// <summary>Independent measurements of test outputs (not the code under test).</summary>
internal static class ImageMeasure
{
    /// <summary>Intensity centre of mass in pixel-index coordinates (pixel i at i).</summary>
    public static (double X, double Y) CentreOfMass(float[] pixels, int width)
    {
        double mass = 0, x = 0, y = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            mass += pixels[i];
            x += pixels[i] * (i % width);
            y += pixels[i] * (i / width);
        }

        return (x / mass, y / mass);
    }

    /// <summary>Bounding box of the pixels above the threshold, or null when there are none.</summary>
    public static PixelBox? Bounds(float[] pixels, int width, float threshold = 0f)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (pixels[i] > threshold)
            {
                left = Math.Min(left, i % width);
                right = Math.Max(right, i % width);
                top = Math.Min(top, i / width);
                bottom = Math.Max(bottom, i / width);
            }
        }

        return right < 0 ? null : new PixelBox(left, top, right - left + 1, bottom - top + 1);
    }

    public static double Sum(float[] pixels) => pixels.Sum(value => (double)value);

    public static GrayImage FilledRectangles(int width, int height, params PixelBox[] boxes)
    {
        var ink = new float[width * height];
        foreach (var box in boxes)
        {
            for (var y = box.Y; y < box.Bottom; y++)
            {
                for (var x = box.X; x < box.Right; x++)
                {
                    ink[y * width + x] = 1f;
                }
            }
        }

        return new GrayImage(width, height, ink);
    }
}
