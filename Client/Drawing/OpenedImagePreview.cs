using System.Globalization;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Drawing;

/// <summary>
/// An opened image as the pad shows it in place of a drawing: the picture the browser sent, its longer side across the
/// pad, and a box around the ink the models read (one per digit of a number), so a person sees which part of a photo
/// became the 28x28 image.
/// </summary>
/// <param name="Url">Where the browser shows the image (an object URL of what it sent).</param>
/// <param name="FileName">The file's name, for the picture's text alternative.</param>
/// <param name="Width">The image's width in pixels, upright, as the server decoded it.</param>
/// <param name="Height">The image's height in pixels.</param>
/// <param name="InkRead">The ink the models read, in the image's pixels: one box for a digit, one per digit, left to right, for a number; none for a blank image.</param>
public sealed record OpenedImagePreview(string Url, string FileName, int Width, int Height, IReadOnlyList<PixelBox> InkRead)
{
    /// <summary>The preview of an image of <paramref name="width"/> by <paramref name="height"/> pixels from which <paramref name="digit"/> was read.</summary>
    public static OpenedImagePreview Of(string url, string fileName, int width, int height, PreprocessedDigit? digit) =>
        new(url, fileName, width, height, InkReadIn(digit));

    /// <summary>
    /// The boxes of the ink read in <paramref name="digit"/> (an image's): one per digit of a number (touching digits the
    /// models' reading parted included), one for a digit, none when blank.
    /// </summary>
    public static IReadOnlyList<PixelBox> InkReadIn(PreprocessedDigit? digit) =>
        digit is null || digit.IsBlank ? []
        : digit.Digits.Count > 0 ? digit.Digits.Select(part => part.SourceBounds).ToArray()
        : [digit.SourceBounds];

    /// <summary>The picture's width as a share of the pad's, in percent: its longer side fills the pad.</summary>
    public double WidthPercent => 100.0 * Math.Min(1.0, (double)Width / Height);

    /// <summary>The CSS aspect ratio of the picture ("4032 / 3024").</summary>
    public string AspectRatio => string.Create(CultureInfo.InvariantCulture, $"{Width} / {Height}");

    /// <summary>The CSS placing a box of the image's pixels on the picture, in percentages of it.</summary>
    public string StyleOf(PixelBox box) => string.Create(CultureInfo.InvariantCulture,
        $"left: {Percent(box.X, Width):0.##}%; top: {Percent(box.Y, Height):0.##}%; width: {Percent(box.Width, Width):0.##}%; height: {Percent(box.Height, Height):0.##}%");

    /// <summary>
    /// Where the box for choosing a part starts, for the arrow keys to move and size it: around all the ink read, a
    /// quarter of its longer side to spare on each side, or the middle half of the picture when no ink was read.
    /// </summary>
    public ImagePart StartingPart
    {
        get
        {
            if (InkRead.Count == 0)
            {
                return new ImagePart(0.25, 0.25, 0.5, 0.5);
            }

            int left = InkRead.Min(box => box.X), top = InkRead.Min(box => box.Y);
            int right = InkRead.Max(box => box.Right), bottom = InkRead.Max(box => box.Bottom);
            var spare = Math.Max(right - left, bottom - top) / 4.0;
            var (x, width) = Share(left - spare, right + spare, Width);
            var (y, height) = Share(top - spare, bottom + spare, Height);
            return new ImagePart(x, y, width, height);
        }
    }

    /// <summary>The span from <paramref name="from"/> to <paramref name="to"/> pixels, within a side <paramref name="of"/> pixels long, as shares of it: a tenth of the side at least.</summary>
    private static (double Start, double Length) Share(double from, double to, int of)
    {
        double start = Math.Max(0, from) / of, end = Math.Min(of, to) / of;
        var length = Math.Max(end - start, 0.1);
        return (Math.Clamp((start + end - length) / 2, 0, 1 - length), length);
    }

    private static double Percent(int pixels, int of) => 100.0 * Math.Clamp(pixels, 0, of) / of;
}
