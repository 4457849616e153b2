using Microsoft.Extensions.Options;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// The drawing page's image files, read like <c>POST /api/predict</c>'s image bodies (<see cref="ImageBodyDecoder"/>,
/// the same size limits, then <see cref="DigitPreprocessor"/>), with what is wrong said of the file by its name.
/// </summary>
public sealed class DigitImageReader(IOptions<ApiOptions> options) : IDigitImageReader
{
    public long MaxBytes => options.Value.MaxRequestBytes;

    public int MaxImageSide => options.Value.MaxImageSide;

    public long MaxImagePixels => options.Value.MaxImagePixels;

    public Task<ImageDigit> ReadAsync(string fileName, byte[] content, CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(fileName, content, cancellationToken), cancellationToken);

    public ImageDigit Read(string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        if (content.Length > MaxBytes)
        {
            return ImageDigit.TooLarge(fileName, content.Length, MaxBytes);
        }

        if (content.Length == 0)
        {
            return ImageDigit.Refused($"{fileName} is empty.");
        }

        if (!ImageBodyDecoder.LooksLikeImage(content))
        {
            return ImageDigit.Refused($"{fileName} is not a PNG or JPEG image; save or export it as one (a photo as JPEG) and open it again.");
        }

        try
        {
            var image = ImageBodyDecoder.Decode(content, options.Value);
            cancellationToken.ThrowIfCancellationRequested();
            return new ImageDigit(DigitPreprocessor.Preprocess(image), null) { DecodedSize = (image.Width, image.Height) };
        }
        catch (BadInputException e)
        {
            return ImageDigit.Refused($"{fileName}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return ImageDigit.Refused($"{fileName}: {e.Message}");
        }
    }
}
