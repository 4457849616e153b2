using Microsoft.Extensions.Options;
using MnistBlazor.Server.Api;
using MnistBlazor.Server.Security;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Tests.Api;

/// <summary>The drawing page's image files: read as the API reads image bodies, and every refusal names the file.</summary>
public sealed class DigitImageReaderTests
{
    private static DigitImageReader Reader(ApiOptions? options = null) =>
        new(Options.Create(options ?? new ApiOptions()), new InferenceLimiter(Options.Create(new RequestLimitsOptions())));

    [Fact]
    public void A_png_becomes_the_same_28x28_image_the_api_gives_the_models()
    {
        var png = PngWriter.VerticalBar(600, 400);

        var read = Reader().Read("one.png", png);

        Assert.Null(read.Problem);
        Assert.False(read.Digit!.IsBlank);
        var api = DigitPreprocessor.Preprocess(ImageBodyDecoder.Decode(png, new ApiOptions())); // what POST /api/predict runs on an image body
        Assert.Equal(api.Pixels, read.Digit.Pixels);
    }

    [Fact]
    public void Light_ink_on_a_dark_photo_reads_as_the_same_digit()
    {
        var dark = Reader().Read("dark.png", PngWriter.LightBarOnDark(300, 300));
        var light = Reader().Read("light.png", PngWriter.VerticalBar(300, 300));

        // The same inked pixels; the dark photo's ink is a little less than full (250 on 10 against 0 on 255).
        Assert.Equal(light.Digit!.Pixels.Select(p => p > 0.1f), dark.Digit!.Pixels.Select(p => p > 0.1f));
    }

    [Fact]
    public void A_page_without_ink_is_a_blank_digit_that_says_why()
    {
        var white = new byte[64 * 64 * 4];
        Array.Fill(white, (byte)255);

        var read = Reader().Read("white.png", PngWriter.Rgba(64, 64, white));

        Assert.True(read.Digit!.IsBlank);
        Assert.False(string.IsNullOrWhiteSpace(read.Digit.BlankReason));
    }

    [Fact]
    public void Files_that_cannot_be_read_are_refused_by_name_with_what_is_wrong()
    {
        Assert.Equal("nothing.png is empty.", Reader().Read("nothing.png", []).Problem);
        Assert.Equal(
            "scan.gif is not a PNG or JPEG image; save or export it as one (a photo as JPEG) and open it again.",
            Reader().Read("scan.gif", "GIF89a......"u8.ToArray()).Problem);
        Assert.Equal(
            "huge.png: The image is 5000x5000 pixels; at most 4096 pixels a side and 4194304 pixels in all are accepted.",
            Reader().Read("huge.png", PngWriter.HeaderOnly(5000, 5000)).Problem);
        Assert.StartsWith("cut.png: The PNG image (300x300) cannot be decoded", Reader().Read("cut.png", PngWriter.VerticalBar(300, 300)[..60]).Problem);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_decoded()
    {
        var reader = Reader(new ApiOptions { MaxRequestBytes = 1024 });

        var read = reader.Read("photo.jpg", new byte[3 * 1024]);

        Assert.Equal("photo.jpg is 3 KB; images up to 1 KB are read.", read.Problem);
    }
}
