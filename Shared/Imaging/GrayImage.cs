namespace MnistBlazor.Shared.Imaging;

/// <summary>
/// A single-channel image of ink coverage, row-major: 0 = background, 1 = full ink.
/// Every producer (canvas capture, decoded upload, rasterised strokes) converts to this first,
/// so preprocessing never has to guess the polarity again.
/// </summary>
public sealed class GrayImage
{
    /// <summary>The largest accepted width or height; larger inputs are rejected, not resized.</summary>
    public const int MaxSide = 4096;

    public GrayImage(int width, int height, float[] ink)
    {
        ArgumentNullException.ThrowIfNull(ink);
        RequireSize(width, height);
        if (ink.Length != width * height)
        {
            throw new ArgumentException(
                $"A {width}x{height} image needs {width * height} ink values, but {ink.Length} were given.", nameof(ink));
        }

        for (var i = 0; i < ink.Length; i++)
        {
            var value = ink[i];
            if (!(value >= 0f && value <= 1f))
            {
                throw new ArgumentException(
                    $"Ink value {value} at pixel (x {i % width}, y {i / width}) is outside 0..1.", nameof(ink));
            }
        }

        Width = width;
        Height = height;
        Ink = ink;
    }

    /// <summary>For producers in this library whose values are in range by construction.</summary>
    private GrayImage(float[] ink, int width, int height)
    {
        Width = width;
        Height = height;
        Ink = ink;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major ink coverage, Width * Height values in 0..1.</summary>
    public float[] Ink { get; }

    public float this[int x, int y] => Ink[y * Width + x];

    /// <summary>
    /// An image whose bytes are already ink (0 = background, 255 = full ink), as in MNIST files and
    /// the 784-pixel JSON input. No polarity detection: use <see cref="InkImage"/> for captures.
    /// </summary>
    public static GrayImage FromInkBytes(ReadOnlySpan<byte> ink, int width, int height)
    {
        RequireSize(width, height);
        if (ink.Length != width * height)
        {
            throw new ArgumentException(
                $"A {width}x{height} image needs {width * height} bytes, but {ink.Length} were given.", nameof(ink));
        }

        var values = new float[ink.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ink[i] / 255f;
        }

        return new GrayImage(values, width, height);
    }

    internal static GrayImage Trusted(float[] ink, int width, int height) => new(ink, width, height);

    internal static void RequireSize(int width, int height)
    {
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
        {
            throw new ArgumentException(
                $"Image size {width}x{height} is not supported: width and height must be 1..{MaxSide}.");
        }
    }
}
