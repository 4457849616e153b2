namespace MnistBlazor.Client.Drawing;

/// <summary>
/// An image file opened on the drawing page: its name, what was read from it, and what the browser did to it before
/// sending it.
/// </summary>
public sealed record OpenedImageFile(string FileName, ImageDigit Read, BrowserPreparation Preparation)
{
    /// <summary>An address the browser shows the image it sent at (an object URL), or null when it cannot or the file was refused.</summary>
    public string? ShownAt { get; init; }

    /// <summary>The part of the file's image a person chose to be read, cut out by the browser; null for the whole image.</summary>
    public ImagePart? Part { get; init; }

    /// <summary>The image as the pad shows it in place of a drawing, the ink the models read marked on it; null when it cannot be shown.</summary>
    public OpenedImagePreview? Preview =>
        ShownAt is { } url && Read.DecodedSize is { Width: > 0, Height: > 0 } size
            ? OpenedImagePreview.Of(url, FileName, size.Width, size.Height, Read.Digit)
            : null;

    /// <summary>What the page tells of the browser's part, or null when the file was sent as it is.</summary>
    public string? PreparationNote => Preparation switch
    {
        BrowserPreparation.ScaledDown => "Your browser scaled the image down first, as it is larger than the server reads.",
        BrowserPreparation.ConvertedToPng => "Your browser converted it to PNG first, as the server reads PNG and JPEG images.",
        _ => null,
    };
}

/// <summary>What the browser did to an opened image before sending it.</summary>
public enum BrowserPreparation
{
    /// <summary>The file went as it is.</summary>
    None,

    /// <summary>A PNG or JPEG larger than the server reads (a phone camera's photo) went scaled down to fit.</summary>
    ScaledDown,

    /// <summary>An image of another format the browser opens (WebP, GIF, BMP, AVIF...) went as a PNG.</summary>
    ConvertedToPng,
}
