using MnistBlazor.Client.Charts;

namespace MnistBlazor.Client.Tests.Charts;

public sealed class ColorContrastTests
{
    [Theory]
    [InlineData("#000000", "#ffffff", 21.0)]
    [InlineData("#ffffff", "#000000", 21.0)]
    [InlineData("#777777", "#777777", 1.0)]
    [InlineData("#64748b", "#f1f5f9", 4.34)]
    [InlineData("#2563eb", "#ffffff", 5.17)]
    public void The_WCAG_contrast_of_known_pairs_either_way_round(string first, string second, double expected)
    {
        Assert.Equal(expected, ColorContrast.Ratio(first, second), 2);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#12345g")]
    public void A_colour_not_written_as_rrggbb_is_refused_with_what_was_given(string text)
    {
        var error = Assert.ThrowsAny<FormatException>(() => ColorContrast.Parse(text));
        Assert.Contains(text, error.Message);
    }
}
