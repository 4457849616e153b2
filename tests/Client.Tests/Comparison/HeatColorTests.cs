using MnistBlazor.Client.Charts;
using MnistBlazor.Client.Comparison;

namespace MnistBlazor.Client.Tests.Comparison;

public sealed class HeatColorTests
{
    public static TheoryData<string> Palettes => ["diagonal", "mistakes", "accuracy"];

    [Theory]
    [MemberData(nameof(Palettes))]
    public void Every_shade_of_every_palette_has_text_at_AA_contrast(string palette)
    {
        for (var step = 0; step <= 100; step++)
        {
            var share = step / 100.0;
            var color = palette switch
            {
                "diagonal" => HeatColor.Diagonal(share),
                "mistakes" => HeatColor.Mistakes(share),
                _ => HeatColor.Accuracy(share),
            };
            var contrast = ColorContrast.Ratio(color.Text, color.Background);
            Assert.True(contrast >= 4.5, $"{palette} at {share}: {color.Text} on {color.Background} is {contrast:0.00}:1");
        }
    }

    [Fact]
    public void The_ends_are_the_palette_colours_and_the_text_follows_the_background()
    {
        Assert.Equal(new HeatColor("#bfdbfe", "#000000"), HeatColor.Diagonal(0));
        Assert.Equal(new HeatColor("#1e3a8a", "#ffffff"), HeatColor.Diagonal(1));
        Assert.Equal(new HeatColor("#f8fafc", "#000000"), HeatColor.Mistakes(-3));
        Assert.Equal(new HeatColor("#dc2626", "#ffffff"), HeatColor.Mistakes(7));
        Assert.Equal("background: #6e8ac4; color: #000000", HeatColor.Diagonal(0.5).Style);
    }
}
