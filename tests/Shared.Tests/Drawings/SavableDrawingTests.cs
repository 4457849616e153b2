using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Tests.Support;

namespace MnistBlazor.Shared.Tests.Drawings;

public sealed class SavableDrawingTests
{
    [Fact]
    public void One_digit_with_ink_is_savable_and_a_blank_drawing_is_not()
    {
        Assert.Null(SavableDrawing.WhyNot(DigitPreprocessor.Preprocess(SampleStrokes.One)));

        var blank = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, []));
        Assert.StartsWith("Nothing to save: ", SavableDrawing.WhyNot(blank));
        Assert.StartsWith("Nothing to save: ", SavableDrawing.WhyNot(blank, readAsOneDigit: true));
    }

    [Fact]
    public void Ink_in_parts_side_by_side_is_savable_only_when_the_person_says_it_is_one_digit_and_the_refusal_says_how()
    {
        var eleven = DigitPreprocessor.Preprocess(SampleStrokes.Eleven);

        Assert.Equal(
            "This looks like 2 digits side by side: a saved drawing is one digit, as the models learn from it. Save each digit as its own drawing; "
            + "if it is one digit written in parts, choose \"Read it as one digit\" first.",
            SavableDrawing.WhyNot(eleven));
        Assert.EndsWith("if it is one digit written in parts, say so with ?digits=1.", SavableDrawing.WhyNot(eleven, sayItIsOneDigit: "say so with ?digits=1"));
        Assert.Null(SavableDrawing.WhyNot(eleven, readAsOneDigit: true));
    }
}
