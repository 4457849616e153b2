using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Drawing;

/// <summary>
/// Reads a handwritten digit from an image file (a scan, a photo of paper, a PNG from another program): the image the
/// models receive, preprocessed as the API preprocesses images, or what is wrong with the file.
/// </summary>
public interface IDigitImageReader
{
    /// <summary>The largest file read, in bytes.</summary>
    long MaxBytes { get; }

    /// <summary>The longest side of an image read, in pixels.</summary>
    int MaxImageSide { get; }

    /// <summary>The most pixels of an image read.</summary>
    long MaxImagePixels { get; }

    /// <summary>The digit in the PNG or JPEG <paramref name="content"/> of the file <paramref name="fileName"/>.</summary>
    Task<ImageDigit> ReadAsync(string fileName, byte[] content, CancellationToken cancellationToken = default);
}

/// <summary>A digit read from an image file: <see cref="Digit"/> (possibly blank, saying why), or <see cref="Problem"/> with the file.</summary>
public sealed record ImageDigit(PreprocessedDigit? Digit, string? Problem)
{
    /// <summary>The decoded image's size in pixels, upright (the digit's <see cref="PreprocessedDigit.SourceBounds"/> are in it); null when it was not decoded.</summary>
    public (int Width, int Height)? DecodedSize { get; init; }

    public static ImageDigit Refused(string problem) => new(null, problem);

    /// <summary>The refusal of a file of <paramref name="bytes"/> when at most <paramref name="maxBytes"/> are read.</summary>
    public static ImageDigit TooLarge(string fileName, long bytes, long maxBytes) =>
        Refused($"{fileName} is {Size(bytes)}; images up to {Size(maxBytes)} are read.");

    /// <summary>"3.4 MB", "120 KB": a file size as people read it.</summary>
    public static string Size(long bytes) =>
        bytes >= 1024 * 1024
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, (bytes + 1023) / 1024)} KB");
}
