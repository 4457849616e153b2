using Microsoft.Extensions.Options;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Server.Security;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>
/// The drawing page's image files, read like <c>POST /api/predict</c>'s image bodies (<see cref="ImageBodyDecoder"/>,
/// the same size limits and the same concurrency limit, then <see cref="DigitPreprocessor"/>), with what is wrong said
/// of the file by its name.
/// </summary>
public sealed class DigitImageReader(IOptions<ApiOptions> options, InferenceLimiter limiter) : IDigitImageReader
{
    public long MaxBytes => options.Value.MaxRequestBytes;

    public int MaxImageSide => options.Value.MaxImageSide;

    public long MaxImagePixels => options.Value.MaxImagePixels;

    /// <summary>
    /// Reads the file once a permit of the limit shared with the API's image requests is free
    /// (<see cref="InferenceLimiter"/>), or refuses it, saying so, when too many wait already.
    /// </summary>
    public async Task<ImageDigit> ReadAsync(string fileName, byte[] content, CancellationToken cancellationToken = default)
    {
        using var permit = await limiter.AcquireAsync(cancellationToken);
        if (!permit.IsAcquired)
        {
            return ImageDigit.Refused($"{fileName} was not read: the server is busy reading other images and digits. Open it again in a moment.");
        }

        return await Task.Run(() => Read(fileName, content, cancellationToken), cancellationToken);
    }

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
