using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Shared.Tests.PenDigits;

public sealed class PenDigitSetTests
{
    [Fact]
    public void Rendering_gives_each_digit_the_image_its_drawing_preprocesses_to_with_its_label()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);

        var images = set.Render();

        Assert.Equal(set.Digits.Count, images.Count);
        Assert.Equal(set.Digits.Select(d => (byte)d.Label), images.Labels!);
        for (var i = 0; i < set.Digits.Count; i++)
        {
            var expected = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(set.Digits[i].ToDrawing()).Pixels);
            Assert.Equal(expected, images.ImageBytes(i).ToArray());
        }
    }

    [Fact]
    public void The_set_knows_its_file_name_writers_and_checksum_but_not_its_directory()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);

        Assert.Equal("pen-digits-excerpt.tes", set.SourceName);
        Assert.Equal([1, 2, 3, 4], set.Writers);
        Assert.Equal(64, set.Sha256.Length);
        Assert.False(set.IsDevelopmentSet);
    }
}
