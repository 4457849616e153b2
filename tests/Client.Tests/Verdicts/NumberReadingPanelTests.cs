using Bunit;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Client.Verdicts;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Client.Tests.Verdicts;

public sealed class NumberReadingPanelTests : BunitContext
{
    private static DigitOfNumber Digit(int inkPixels, DigitClassification classification)
    {
        var pixels = new float[784];
        Array.Fill(pixels, 1f, 0, inkPixels);
        return new DigitOfNumber(pixels, classification);
    }

    private static readonly NumberReading FourNobodyTwo = new(
    [
        Digit(10, FakeDigitClassifier.Answers(4, 4, 4, 4, 4)),
        Digit(20, new DigitClassification(FakeDigitClassifier.NoneTrained().Select(ModelVerdict.WithoutAnswer).ToArray())),
        Digit(30, FakeDigitClassifier.Answers(2, 2, 2, 2, 2)),
    ], NumberMarks.None);

    [Fact]
    public void Each_digit_is_a_button_with_its_image_and_reading_and_the_chosen_one_is_pressed()
    {
        var panel = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, FourNobodyTwo).Add(c => c.Selected, 1));

        Assert.Equal("4?2", panel.Find("[data-testid=number-text]").TextContent);
        Assert.Equal(["4", "?", "2"], panel.FindAll("[data-testid=number-digit-read]").Select(d => d.TextContent));
        Assert.Equal(["10", "20", "30"], panel.FindAll("[data-testid=number-digit-image]").Select(i => i.GetAttribute("data-ink-pixels")));
        Assert.Equal(["false", "true", "false"], panel.FindAll("button.number-reading__digit").Select(b => b.GetAttribute("aria-pressed")));
        Assert.Equal("Digit 2 of 3, read as ? no model could read it", Spoken(panel, 1));
        Assert.Equal("Digit 1 of 3, read as 4 90 % sure", Spoken(panel, 0));
        Assert.Contains("now digit 2 of 3", panel.Find(".number-reading__hint").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=number-digit-disagree]"));
        Assert.Empty(panel.FindAll("[data-testid=number-digit-wide]"));
    }

    [Fact]
    public void A_digit_as_wide_as_several_says_so_on_its_button()
    {
        var panel = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, FourNobodyTwo).Add(c => c.WideDigits, new HashSet<int> { 2 }));

        var wide = Assert.Single(panel.FindAll("[data-testid=number-digit-wide]"));
        Assert.Equal("number-digit-2", wide.Closest("button")?.GetAttribute("data-testid"));
        Assert.Equal("Digit 3 of 3, read as 2 90 % sure wider than a digit", Spoken(panel, 2));
    }

    /// <summary>A digit button's name as a screen reader says it: its text, the image hidden.</summary>
    private static string Spoken(IRenderedComponent<NumberReadingPanel> panel, int index)
    {
        var button = panel.Find($"[data-testid=number-digit-{index}]");
        var text = string.Concat(button.ChildNodes.Where(n => n is not AngleSharp.Dom.IElement { ClassName: "number-reading__image" }).Select(n => n.TextContent));
        return string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Choosing_a_digit_says_which()
    {
        var chosen = new List<int>();
        var panel = Render<NumberReadingPanel>(p => p
            .Add(c => c.Reading, FourNobodyTwo)
            .Add(c => c.SelectedChanged, (int index) => chosen.Add(index)));

        panel.Find("[data-testid=number-digit-2]").Click();

        Assert.Equal([2], chosen);
    }

    [Fact]
    public void A_minus_sign_stands_before_the_first_digit_and_a_decimal_point_between_the_digits_it_was_written_between()
    {
        var panel = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, FourNobodyTwo with { Marks = new NumberMarks(true, 2) }));

        Assert.Equal("-4?.2", panel.Find("[data-testid=number-text]").TextContent);
        var order = panel.Find("[role=group]").Children.Select(e => e.GetAttribute("data-testid"));
        Assert.Equal(["number-minus", "number-digit-0", "number-digit-1", "number-decimal-point", "number-digit-2"], order);
        Assert.Contains("each read on its own, and a minus sign and a decimal point after digit 2.", panel.Find(".number-reading__hint").TextContent);

        var plain = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, FourNobodyTwo));
        Assert.Empty(plain.FindAll("[data-testid=number-minus], [data-testid=number-decimal-point]"));
        Assert.Contains("each read on its own. Choose", plain.Find(".number-reading__hint").TextContent);
    }

    [Fact]
    public void Several_digits_can_be_read_as_one_digit_and_then_as_the_number_again()
    {
        var choices = new List<bool>();
        var asNumber = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, FourNobodyTwo).Add(c => c.Savable, true)
            .Add(c => c.ReadAsOneDigitChanged, (bool chosen) => choices.Add(chosen)));

        Assert.Equal("number", asNumber.Find("[data-testid=number-reading]").GetAttribute("data-read-as"));
        Assert.Contains("If you meant one digit, read it as one.", asNumber.Find(".number-reading__hint").TextContent);
        Assert.Empty(asNumber.FindAll("[data-testid=number-read-as-number]"));
        asNumber.Find("[data-testid=number-read-as-one]").Click();
        Assert.Equal([true], choices);

        var asOneDigit = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, FourNobodyTwo).Add(c => c.ReadAsOneDigit, true)
            .Add(c => c.ReadAsOneDigitChanged, (bool chosen) => choices.Add(chosen)));

        Assert.Equal("one-digit", asOneDigit.Find("[data-testid=number-reading]").GetAttribute("data-read-as"));
        Assert.Equal("Read as one digit, as you chose", asOneDigit.Find(".panel__title").TextContent);
        Assert.Equal("4?2", asOneDigit.Find("[data-testid=number-text]").TextContent);
        Assert.Empty(asOneDigit.FindAll("button.number-reading__digit"));
        Assert.Empty(asOneDigit.FindAll("[data-testid=number-read-as-one]"));
        Assert.Equal("Read it as the number 4?2", asOneDigit.Find("[data-testid=number-read-as-number]").TextContent.Trim());
        asOneDigit.Find("[data-testid=number-read-as-number]").Click();
        Assert.Equal([true, false], choices);
    }

    [Fact]
    public void One_digit_after_a_minus_sign_is_read_as_a_negative_number_with_no_digit_to_choose_from()
    {
        var minusSeven = new NumberReading([Digit(10, FakeDigitClassifier.Answers(7, 7, 7, 7, 7))], new NumberMarks(true, null));

        var panel = Render<NumberReadingPanel>(p => p.Add(c => c.Reading, minusSeven).Add(c => c.Savable, true));

        Assert.Equal("-7", panel.Find("[data-testid=number-text]").TextContent);
        Assert.Single(panel.FindAll("[data-testid=number-minus]"));
        var hint = panel.Find(".number-reading__hint").TextContent;
        Assert.Contains("One digit after a minus sign", hint);
        Assert.Contains("keeps the digit without the sign", hint);
        Assert.DoesNotContain("digit 1 of 1", hint);
        Assert.Empty(panel.FindAll("[data-testid=number-read-as-one]")); // the digit is read as one digit already
    }
}
