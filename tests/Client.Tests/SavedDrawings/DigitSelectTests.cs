using Bunit;
using MnistBlazor.Client.SavedDrawings;

namespace MnistBlazor.Client.Tests.SavedDrawings;

public sealed class DigitSelectTests : BunitContext
{
    private readonly List<int> asked = [];

    private IRenderedComponent<DigitSelect> RenderSelect(int value, bool granted) => Render<DigitSelect>(parameters => parameters
        .Add(p => p.Value, value)
        .Add(p => p.TestId, "relabel")
        .Add(p => p.AriaLabel, "Label of drawing 3")
        .Add(p => p.Choose, digit =>
        {
            asked.Add(digit);
            return Task.FromResult(granted);
        }));

    [Fact]
    public void Offers_the_ten_digits_and_shows_the_current_one()
    {
        var select = RenderSelect(value: 4, granted: true).Find("select");

        Assert.Equal("4", select.GetAttribute("value"));
        Assert.Equal(Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            select.QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Equal("Label of drawing 3", select.GetAttribute("aria-label"));
    }

    [Fact]
    public void Choosing_another_digit_asks_for_it()
    {
        RenderSelect(value: 4, granted: true).Find("select").Change("9");

        Assert.Equal([9], asked);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("10")]
    [InlineData("-1")]
    [InlineData("seven")]
    public void The_current_digit_or_anything_but_a_digit_asks_for_nothing(string chosen)
    {
        RenderSelect(value: 4, granted: true).Find("select").Change(chosen);

        Assert.Empty(asked);
    }
}
