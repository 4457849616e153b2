using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Tests.Drawing;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Insights;
using MnistBlazor.Client.Pages;
using MnistBlazor.Client.Tests.Insights;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.Pages;

public sealed class DrawPenSampleTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeDigitClassifier classifier = new() { Answer = _ => FakeDigitClassifier.Answers(9, 9, 9, 4, 9) };
    private readonly FakePenDigits penDigits = FakePenDigits.Ready();

    public DrawPenSampleTests()
    {
        this.AsOwner();
        this.AddDrawPageServices(classifier, penDigits: penDigits);
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void A_pen_digit_named_by_the_address_is_put_on_the_pad_and_classified_as_a_drawing()
    {
        Navigation.NavigateTo("/?pen=19");
        var digit = penDigits.Current.Digits[19];
        var expected = digit.ToDrawing();

        var page = Render<Draw>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.Equal(
            "Real pen digit #19 by writer 2, true label 9.",
            string.Join(' ', page.Find("[data-testid=pen-sample-text]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("true", page.Find("[data-testid=model-card-cnn-quad]").GetAttribute("data-disagrees"));

        // The pad got the digit's strokes, as the pad records strokes, through the canvas module.
        page.WaitForAssertion(() => JSInterop.VerifyInvoke("showStrokes"), Patience);
        var sent = (PadStroke[])JSInterop.VerifyInvoke("showStrokes").Arguments[1]!;
        Assert.Equal(expected.Strokes.Count, sent.Length);
        for (var s = 0; s < sent.Length; s++)
        {
            Assert.Equal(expected.Strokes[s].Width, sent[s].Width);
            Assert.Equal(expected.Strokes[s].Points.Select(p => new[] { p.X, p.Y }), sent[s].Points);
        }

        // The hook was drawn downwards on the tablet (its y falls, y pointing up): on the pad (y pointing down) its y grows.
        Assert.True(sent[0].Points[^1][1] > sent[0].Points[0][1]);
        var pad = page.FindComponent<DrawingPad>().Instance;
        Assert.Equal(expected.Strokes.Count, pad.Strokes.Count);
        Assert.False(page.Find("[data-testid=undo]").HasAttribute("disabled"));

        // Preprocessed exactly as a drawing.
        Assert.Equal(DigitPreprocessor.Preprocess(expected).Pixels, Assert.Single(classifier.Received));
    }

    [Fact]
    public void A_pen_digit_cannot_be_saved_to_my_digits_which_fine_tuning_learns_from()
    {
        Navigation.NavigateTo("/?pen=19");

        var page = Render<Draw>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.StartsWith("A real pen digit is not saved", page.Find("[data-testid=save-not-available]").TextContent);
        Assert.True(page.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Drawing_more_on_a_loaded_pen_digit_makes_it_the_persons_drawing()
    {
        Navigation.NavigateTo("/?pen=3");
        var page = Render<Draw>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=pen-sample-label]")), Patience);
        var pad = page.FindComponent<DrawingPad>();
        page.WaitForAssertion(() => Assert.Equal(2, pad.Instance.Strokes.Count), Patience);

        await pad.FinishStrokeAsync([20, 20, 60, 20], 20);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=pen-sample]")), Patience);
        Assert.DoesNotContain("pen=", Navigation.Uri);
        Assert.Equal(3, pad.Instance.Strokes.Count);
        // The sample, then the person's drawing: its ink is wide for one digit, so both sides of each cut are read too.
        var drawn = DigitPreprocessor.Preprocess(pad.Instance.Drawing);
        page.WaitForAssertion(() => Assert.Equal(2 + 2 * drawn.CutsToTry.Count, classifier.Received.Count), Patience);
        Assert.Equal(drawn.Pixels, classifier.Received[1]);
    }

    [Theory]
    [InlineData(24, "There is no pen digit #24 in pens.tes; they are numbered 0 to 23.")]
    [InlineData(-1, "There is no pen digit #-1 in pens.tes")]
    public void An_unknown_pen_digit_is_explained(int index, string expected)
    {
        Navigation.NavigateTo($"/?pen={index}");

        var page = Render<Draw>();

        Assert.Contains(expected, page.Find("[data-testid=pen-sample]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=predicted-digit]"));
        Assert.Empty(classifier.Received);
    }

    [Fact]
    public void Without_a_pen_file_the_drawing_page_says_how_to_get_one()
    {
        penDigits.Current = FakePenDigits.Missing().Current;
        Navigation.NavigateTo("/?pen=2");

        var page = Render<Draw>();

        Assert.Contains("PenDigits:File", page.Find("[data-testid=pen-sample]").TextContent);
        Assert.NotNull(page.Find("[data-testid=canvas]"));
    }
}
