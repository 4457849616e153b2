using MnistBlazor.Server.Api;
using MnistBlazor.Server.Tests.Support;

namespace MnistBlazor.Server.Tests.Api;

/// <summary>Phone photos stored as the sensor saw them, with an EXIF orientation saying how to turn them upright.</summary>
public sealed class JpegOrientationTests
{
    private static readonly byte[] Plain = JpegWriter.Rgba(8, 8, new byte[8 * 8 * 4]);

    [Theory]
    [InlineData(6, true, 0)]
    [InlineData(8, false, 0)]
    [InlineData(3, true, 3)]
    [InlineData(5, false, 2)]
    public void The_orientation_is_read_in_either_byte_order_after_other_tags(int orientation, bool bigEndian, int tagsBefore)
    {
        Assert.Equal(orientation, JpegOrientation.Read(JpegWriter.WithOrientation(Plain, orientation, bigEndian, tagsBefore)));
    }

    [Fact]
    public void Without_a_valid_orientation_the_image_is_taken_as_stored()
    {
        var withSix = JpegWriter.WithOrientation(Plain, 6);

        Assert.Equal(1, JpegOrientation.Read(Plain));
        Assert.Equal(1, JpegOrientation.Read(JpegWriter.WithOrientation(Plain, 9)));
        Assert.Equal(1, JpegOrientation.Read(JpegWriter.WithOrientation(Plain, 0)));
        Assert.Equal(1, JpegOrientation.Read(withSix[..20])); // the segment cut short
        var wrongMagic = withSix.ToArray();
        wrongMagic[2 + 4 + 6 + 3] = 43; // the TIFF header's 42
        Assert.Equal(1, JpegOrientation.Read(wrongMagic));
        var directoryOutside = withSix.ToArray();
        directoryOutside[2 + 4 + 6 + 4] = 0x7F; // the first directory's offset far past the segment
        Assert.Equal(1, JpegOrientation.Read(directoryOutside));
    }

    /// <summary>A hostile file's metadata is read without throwing, whatever its bytes say: every answer is 1 to 8.</summary>
    [Fact]
    public void Damaged_metadata_never_throws_and_always_gives_an_orientation()
    {
        var withSix = JpegWriter.WithOrientation(Plain, 6, bigEndian: false, tagsBefore: 2);
        var random = new Random(7);
        for (var trial = 0; trial < 5000; trial++)
        {
            var damaged = withSix.ToArray();
            for (var change = random.Next(1, 6); change > 0; change--)
            {
                damaged[random.Next(2, 2 + 4 + 6 + 8 + 2 + 12 * 3 + 4)] = (byte)random.Next(256); // within the EXIF segment
            }

            var cut = damaged[..random.Next(2, damaged.Length + 1)];
            Assert.InRange(JpegOrientation.Read(cut), 1, 8);
        }
    }

    /// <summary>A 3x2 image a b c / d e f (one byte value per pixel) turned upright for each orientation.</summary>
    [Theory]
    [InlineData(1, 3, "abc/def")]
    [InlineData(2, 3, "cba/fed")]
    [InlineData(3, 3, "fed/cba")]
    [InlineData(4, 3, "def/abc")]
    [InlineData(5, 2, "ad/be/cf")]
    [InlineData(6, 2, "da/eb/fc")]
    [InlineData(7, 2, "fc/eb/da")]
    [InlineData(8, 2, "cf/be/ad")]
    public void Each_orientation_mirrors_or_turns_the_pixels_as_exif_defines_it(int orientation, int uprightWidth, string upright)
    {
        var stored = "abcdef".SelectMany(letter => new[] { (byte)letter, (byte)letter, (byte)letter, (byte)255 }).ToArray();

        var (rgba, width, height) = JpegOrientation.Upright(stored, 3, 2, orientation);

        Assert.Equal(uprightWidth, width);
        Assert.Equal(6 / uprightWidth, height);
        var rows = Enumerable.Range(0, height).Select(y => new string(Enumerable.Range(0, width).Select(x => (char)rgba[(y * width + x) * 4]).ToArray()));
        Assert.Equal(upright, string.Join('/', rows));
    }

    [Fact]
    public void A_photo_stored_on_its_side_is_decoded_upright()
    {
        // Stored 200 wide and 100 high with a dark block at its top left; the camera was held turned a quarter
        // clockwise, so upright the photo is 100 wide and 200 high and the block at its top right.
        var rgba = new byte[200 * 100 * 4];
        Array.Fill(rgba, (byte)255);
        for (var y = 10; y < 40; y++)
        {
            for (var x = 10; x < 60; x++)
            {
                rgba.AsSpan((y * 200 + x) * 4, 3).Clear();
            }
        }

        var stored = JpegWriter.Rgba(200, 100, rgba);

        var asStored = ImageBodyDecoder.Decode(stored, new ApiOptions());
        var upright = ImageBodyDecoder.Decode(JpegWriter.WithOrientation(stored, 6), new ApiOptions());

        Assert.Equal((200, 100), (asStored.Width, asStored.Height));
        Assert.True(asStored[35, 25] > 0.9f);
        Assert.Equal((100, 200), (upright.Width, upright.Height));
        Assert.True(upright[74, 35] > 0.9f, "no ink where the block stands upright");
        Assert.True(upright[25, 35] < 0.1f, "ink where the block was stored");
    }
}
