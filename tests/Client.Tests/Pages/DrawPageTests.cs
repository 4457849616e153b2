using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Tests.Drawing;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Pages;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.Tests.Pages;

public sealed class DrawPageTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeDigitClassifier classifier = new();
    private readonly FakeEvidenceExplainer explainer = new();
    private readonly FakeLayerViewer layerViewer = new();
    private readonly FakeDigitImageReader imageReader = new();
    private readonly MnistBlazor.Client.Tests.SavedDrawings.FakeSavedDrawings savedDrawings = new();

    public DrawPageTests()
    {
        this.AsOwner();
        this.AddDrawPageServices(classifier, imageReader, explainer, layerViewer, savedDrawings: savedDrawings);
    }

    /// <summary>A vertical "1" down the middle of the 280x280 pad, as the canvas module sends it.</summary>
    private static readonly float[] VerticalStroke = [140, 40, 141, 90, 140, 140, 139, 190, 140, 240];

    [Fact]
    public void A_blank_pad_invites_to_draw_and_predicts_nothing()
    {
        var page = Render<Draw>();

        Assert.Contains("Draw a digit on the pad", page.Find("[data-testid=verdict-summary]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=predicted-digit]"));
        Assert.Empty(page.FindAll("[data-testid=pad-answer]"));
        Assert.Empty(page.FindAll("[data-testid=preview]"));
        Assert.Empty(page.FindAll("[data-testid=no-models]"));
        Assert.Empty(classifier.Received);
        Assert.NotNull(page.Find("[data-testid=canvas]"));
        Assert.True(page.Find("[data-testid=undo]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=clear]").HasAttribute("disabled"));
    }

    [Fact]
    public void Before_any_model_is_trained_the_page_says_how_to_train_them()
    {
        classifier.Models = FakeDigitClassifier.NoneTrained();

        var page = Render<Draw>();

        var notice = page.Find("[data-testid=no-models]");
        Assert.Contains(TrainingCommand.For("train --profile quick"), notice.TextContent);
        Assert.Contains("/srv/models", notice.TextContent);
        Assert.All(page.FindAll("article"), card => Assert.Equal("not-trained", card.GetAttribute("data-state")));
    }

    [Fact]
    public async Task A_stroke_past_the_drawing_limits_is_taken_off_the_canvas_and_the_pad_says_why()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        // A back-and-forth scribble 40 times as long as it is wide: no digit needs that much ink.
        var scribble = Enumerable.Range(0, 200).SelectMany(i => new float[] { i % 2 == 0 ? 100 : 160, 100 + i * 0.2f }).ToArray();

        await pad.FinishStrokeAsync(scribble, 20);

        page.WaitForAssertion(() => Assert.Matches(
            @"^That stroke was not kept: The drawing's path is \d+ pixels long, more than \d+ times its longer side \([\d.]+ pixels\); a digit's strokes are far shorter\.$",
            page.Find("[data-testid=stroke-refused]").TextContent.Trim()), Patience);
        Assert.Empty(pad.Instance.Strokes);
        Assert.Empty(classifier.Received);
        var shown = JSInterop.VerifyInvoke("showStrokes");
        Assert.Empty(Assert.IsType<PadStroke[]>(shown.Arguments[1]));

        await pad.FinishStrokeAsync(VerticalStroke, 20);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=stroke-refused]")), Patience);
        Assert.Single(pad.Instance.Strokes);
    }

    [Fact]
    public async Task Numbers_written_in_two_rows_are_not_read_and_the_pad_says_why()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        // "17" above "71".
        await pad.FinishStrokeAsync([40, 20, 40, 120], 12);
        await pad.FinishStrokeAsync([110, 20, 180, 20, 130, 120], 12);
        await pad.FinishStrokeAsync([40, 160, 110, 160, 60, 260], 12);
        await pad.FinishStrokeAsync([170, 160, 170, 260], 12);

        page.WaitForAssertion(() => Assert.StartsWith(
            "Written in 2 rows: the models read one row at a time", page.Find("[data-testid=pad-not-read]").TextContent), Patience);
        Assert.Contains("written in 2 rows", page.Find("[data-testid=verdict-summary]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=pad-answer]"));
        Assert.Empty(page.FindAll("[data-testid=predicted-digit]"));

        // "17" above a 7 is still two rows; "17" alone is read.
        await page.InvokeAsync(() => pad.Instance.UndoAsync());
        await page.InvokeAsync(() => pad.Instance.UndoAsync());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=pad-answer]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=pad-not-read]"));
    }

    [Fact]
    public async Task Two_digits_drawn_side_by_side_are_read_as_a_number_until_a_stroke_joins_them()
    {
        // "17": each digit is read on its own; the fake reads little ink as 1 and more as 7.
        float[] one = [70, 50, 70, 230];
        float[] seven = [160, 50, 250, 50, 190, 230];
        var inkOfOne = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [PadStroke(one)])).Pixels.Sum();
        var inkOfSeven = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [PadStroke(seven)])).Pixels.Sum();
        classifier.Answer = pixels => pixels.Sum() < (inkOfOne + inkOfSeven) / 2
            ? FakeDigitClassifier.Answers(1, 1, 1, 1, 1)
            : FakeDigitClassifier.Answers(7, 7, 2, 7, 7);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        await pad.FinishStrokeAsync(one, 20);
        await pad.FinishStrokeAsync(seven, 20);

        page.WaitForAssertion(() => Assert.Equal("17", page.Find("[data-testid=number-text]").TextContent), Patience);
        Assert.Equal("17", page.Find("[data-testid=pad-answer-value]").TextContent);
        var digits = page.FindAll("[data-testid^=number-digit-]:not([data-testid$=image]):not([data-testid$=read]):not([data-testid$=disagree])");
        Assert.Equal(["true", "false"], digits.Select(d => d.GetAttribute("aria-pressed")));
        Assert.Equal("Digit 2 of 2, read as 7 90 % sure models disagree", string.Join(' ', digits[1].TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(page.FindAll("[data-testid=several-digits]"));
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
        Assert.Contains("\"Save as digit\" keeps the chosen digit alone.", page.Find(".number-reading__hint").TextContent);
        var images = page.FindAll("[data-testid=number-digit-image]").Select(i => i.GetAttribute("data-ink-pixels")).ToArray();
        Assert.Equal(images[0], page.Find("[data-testid=preview]").GetAttribute("data-ink-pixels"));
        Assert.All(page.FindAll("[data-testid=predicted-digit]"), digit => Assert.Equal("1", digit.TextContent));
        Assert.Equal("Every model's verdict on digit 1 of 2", page.Find("[data-testid=verdicts-title]").TextContent);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=evidence-pending]")), Patience);
        var (classified, explained) = (classifier.Received.Count, explainer.Received.Count);

        page.Find("[data-testid=number-digit-1]").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=number-digit-1]").GetAttribute("aria-pressed")), Patience);
        Assert.Equal("false", page.Find("[data-testid=number-digit-0]").GetAttribute("aria-pressed"));
        Assert.Equal(images[1], page.Find("[data-testid=preview]").GetAttribute("data-ink-pixels"));
        Assert.Equal(["7", "7", "2", "7", "7"], page.FindAll("[data-testid=predicted-digit]").Select(d => d.TextContent));
        Assert.Equal("Every model's verdict on digit 2 of 2", page.Find("[data-testid=verdicts-title]").TextContent);
        page.WaitForAssertion(() => Assert.Equal(explained + 1, explainer.Received.Count), Patience);
        Assert.Equal(classified, classifier.Received.Count); // a chosen digit's verdicts are shown as read, not classified again

        // The models reloaded (a background training ended): the number is read again and the chosen digit stays chosen.
        classifier.RaiseModelsChanged();
        page.WaitForAssertion(() => Assert.Equal(classified + 2, classifier.Received.Count), Patience);
        Assert.Equal("true", page.Find("[data-testid=number-digit-1]").GetAttribute("aria-pressed"));
        Assert.Equal(images[1], page.Find("[data-testid=preview]").GetAttribute("data-ink-pixels"));

        // Each digit is saved alone, with its own strokes and label, and without the canvas's picture of the whole number.
        Assert.Equal("Save as digit 7", page.Find("[data-testid=save-drawing]").TextContent.Trim());
        page.Find("[data-testid=save-drawing]").Click();
        page.Find("[data-testid=number-digit-0]").Click();
        page.WaitForAssertion(() => Assert.Equal("Save as digit 1", page.Find("[data-testid=save-drawing]").TextContent.Trim()), Patience);
        page.Find("[data-testid=save-drawing]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, savedDrawings.Saved.Count), Patience);
        foreach (var ((label, strokes, png, _), (expectedLabel, expectedPoints)) in savedDrawings.Saved.Zip([(7, seven), (1, one)]))
        {
            Assert.Equal(expectedLabel, label);
            Assert.Equal(PadStroke(expectedPoints).Points, Assert.Single(strokes.Strokes).Points);
            Assert.Null(png);
        }

        // A stroke across both makes them one piece of ink; unsure of either side (below 60 %), the models read it as one digit.
        classifier.Answer = _ => FakeDigitClassifier.AllSay(7, 0.5f);
        await pad.FinishStrokeAsync([70, 140, 190, 140], 20);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=number-reading]")), Patience);
        Assert.Equal("Every model's verdict", page.Find("[data-testid=verdicts-title]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=several-digits]"));
        Assert.NotNull(page.Find("[data-testid=preview]"));
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
    }

    /// <summary>A stroke drawn on the pad with its default pen, from x, y pairs.</summary>
    private static Stroke PadStroke(float[] coordinates) =>
        new(Enumerable.Range(0, coordinates.Length / 2).Select(i => new StrokePoint(coordinates[2 * i], coordinates[2 * i + 1])).ToArray(), 20);

    /// <summary>"10", the 0's marks over the 1's: one piece of ink to the strokes.</summary>
    private static readonly float[] OneUnderZero = [100, 60, 100, 200];
    private static readonly float[] ZeroOverOne = [105, 60, 265, 60, 265, 200, 105, 200, 105, 60];

    /// <summary>
    /// Draws <see cref="OneUnderZero"/> and <see cref="ZeroOverOne"/>, each read surely alone and the whole unsurely as 8,
    /// and waits for the page to read "10".
    /// </summary>
    private async Task<IRenderedComponent<Draw>> DrawOneAndZeroAcrossEachOtherAsync()
    {
        var (oneAlone, zeroAlone) = (Pixels(OneUnderZero), Pixels(ZeroOverOne));
        classifier.Answer = pixels =>
            pixels.SequenceEqual(oneAlone) ? FakeDigitClassifier.AllSay(1, 0.98f)
            : pixels.SequenceEqual(zeroAlone) ? FakeDigitClassifier.AllSay(0, 0.97f)
            : FakeDigitClassifier.AllSay(8, 0.5f);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        await pad.FinishStrokeAsync(OneUnderZero, 20);
        await pad.FinishStrokeAsync(ZeroOverOne, 20);

        page.WaitForAssertion(() => Assert.Equal("10", page.Find("[data-testid=number-text]").TextContent), Patience);
        return page;

        static float[] Pixels(float[] coordinates) => DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [PadStroke(coordinates)])).Pixels;
    }

    [Fact]
    public async Task Two_digits_drawn_across_each_other_are_parted_by_their_strokes_when_the_models_read_both_surely_and_saved_apart()
    {
        var page = await DrawOneAndZeroAcrossEachOtherAsync();

        Assert.Contains("where two ran together, parted where the models read both sides surely", page.Find(".number-reading__hint").TextContent);
        Assert.Empty(page.FindAll("[data-testid=wider-than-a-digit]"));
        page.Find("[data-testid=save-drawing]").Click();
        page.WaitForAssertion(() => Assert.Single(savedDrawings.Saved), Patience);
        var (label, strokes, png, _) = savedDrawings.Saved[0];
        Assert.Equal(1, label);
        Assert.Equal(PadStroke(OneUnderZero).Points, Assert.Single(strokes.Strokes).Points);
        Assert.Null(png);
    }

    [Fact]
    public async Task Choosing_a_digit_while_a_newer_drawing_waits_to_be_read_does_not_cancel_its_reading()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        await pad.FinishStrokeAsync([40, 50, 40, 230], 20);
        await pad.FinishStrokeAsync([140, 50, 140, 230], 20);
        page.WaitForAssertion(() => Assert.Equal("33", page.Find("[data-testid=number-text]").TextContent), Patience);

        var third = pad.FinishStrokeAsync([240, 50, 240, 230], 20); // read after the page's short pause
        page.Find("[data-testid=number-digit-1]").Click();
        await third;

        page.WaitForAssertion(() => Assert.Equal("333", page.Find("[data-testid=number-text]").TextContent), Patience);
    }

    [Fact]
    public async Task A_digit_drawn_in_two_parts_read_as_a_number_can_be_read_as_one_digit_while_drawing_on_until_the_pad_is_cleared()
    {
        var (page, pad, whole) = await DrawZeroInTwoArcsAsync();

        page.Find("[data-testid=number-read-as-one]").Click();

        page.WaitForAssertion(() => Assert.Equal("one-digit", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        Assert.Equal(whole, classifier.Received[^1]);
        Assert.Equal("0", page.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.All(page.FindAll("[data-testid=predicted-digit]"), digit => Assert.Equal("0", digit.TextContent));
        Assert.Equal("Every model's verdict", page.Find("[data-testid=verdicts-title]").TextContent);
        Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent);
        Assert.Empty(page.FindAll("button.number-reading__digit"));
        Assert.Empty(page.FindAll("[data-testid=several-digits], [data-testid=wider-than-a-digit]"));
        // Read as one digit, as the person chose, it is saved as one digit.
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
        Assert.Equal("Save as digit 0", page.Find("[data-testid=save-drawing]").TextContent.Trim());

        // The choice stays while the models reload and while the person draws on.
        classifier.RaiseModelsChanged();
        await pad.FinishStrokeAsync([90, 120, 90, 160], 20);
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid=predicted-digit]"), digit => Assert.Equal("1", digit.TextContent)), Patience);
        Assert.Equal("one-digit", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as"));

        page.Find("[data-testid=number-read-as-number]").Click();
        page.WaitForAssertion(() => Assert.Equal("number", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        Assert.Equal(2, page.FindAll("button.number-reading__digit").Count);
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));

        page.Find("[data-testid=number-read-as-one]").Click();
        page.WaitForAssertion(() => Assert.Equal("one-digit", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        await page.InvokeAsync(() => pad.Instance.ClearAsync());
        await pad.FinishStrokeAsync(ZeroLeftArc, 20);
        await pad.FinishStrokeAsync(ZeroRightArc, 20);
        page.WaitForAssertion(() => Assert.Equal("number", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
    }

    /// <summary>A 0 drawn as two arcs, "( )": two parts side by side, each read as 1; the whole as 0.</summary>
    private static readonly float[] ZeroLeftArc = [110, 60, 70, 140, 110, 220];
    private static readonly float[] ZeroRightArc = [170, 60, 210, 140, 170, 220];

    /// <summary>Draws <see cref="ZeroLeftArc"/> and <see cref="ZeroRightArc"/> and waits for the page to read "11"; <c>whole</c> is the image of both read as one digit.</summary>
    private async Task<(IRenderedComponent<Draw> Page, IRenderedComponent<DrawingPad> Pad, float[] Whole)> DrawZeroInTwoArcsAsync()
    {
        var whole = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [PadStroke(ZeroLeftArc), PadStroke(ZeroRightArc)])).Pixels;
        classifier.Answer = pixels => pixels.SequenceEqual(whole) ? FakeDigitClassifier.AllSay(0, 0.95f) : FakeDigitClassifier.Answers(1, 1, 1, 1, 1);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        await pad.FinishStrokeAsync(ZeroLeftArc, 20);
        await pad.FinishStrokeAsync(ZeroRightArc, 20);
        page.WaitForAssertion(() => Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent), Patience);
        return (page, pad, whole);
    }

    [Fact]
    public async Task A_digit_drawn_in_two_parts_read_as_one_digit_is_saved_as_one_digit_as_the_person_chose()
    {
        var (page, _, _) = await DrawZeroInTwoArcsAsync();
        // Read as a number, the strokes are saved digit by digit: a "1" alone.
        Assert.Equal("Save as digit 1", page.Find("[data-testid=save-drawing]").TextContent.Trim());

        page.Find("[data-testid=number-read-as-one]").Click();
        page.WaitForAssertion(() => Assert.Equal("Save as digit 0", page.Find("[data-testid=save-drawing]").TextContent.Trim()), Patience);
        page.Find("[data-testid=save-drawing]").Click();

        page.WaitForAssertion(() => Assert.Single(savedDrawings.Saved), Patience);
        var (label, strokes, _, predictions) = savedDrawings.Saved[0];
        Assert.Equal(0, label);
        Assert.Equal(2, strokes.Strokes.Count);
        Assert.All(predictions, prediction => Assert.Equal(0, prediction.Digit));
        Assert.True(Assert.Single(savedDrawings.Drawings).ReadAsOneDigit);
        Assert.Contains("one digit as you chose", page.Find("[data-testid=save-status]").TextContent);
    }

    [Fact]
    public async Task Two_digits_parted_where_they_cross_read_as_one_digit_are_saved_as_one_drawing()
    {
        var page = await DrawOneAndZeroAcrossEachOtherAsync();

        page.Find("[data-testid=number-read-as-one]").Click();

        page.WaitForAssertion(() => Assert.Equal("Save as digit 8", page.Find("[data-testid=save-drawing]").TextContent.Trim()), Patience);
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
        page.Find("[data-testid=save-drawing]").Click();
        page.WaitForAssertion(() => Assert.Single(savedDrawings.Saved), Patience);
        var (label, strokes, _, _) = savedDrawings.Saved[0];
        Assert.Equal(8, label);
        Assert.Equal(2, strokes.Strokes.Count);
    }

    [Fact]
    public async Task A_digit_drawn_after_a_minus_sign_is_read_as_a_negative_number()
    {
        classifier.Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 1, 1);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        await pad.FinishStrokeAsync([40, 140, 90, 140], 12);
        await pad.FinishStrokeAsync([150, 50, 150, 230], 20);

        page.WaitForAssertion(() => Assert.Equal("-1", page.Find("[data-testid=number-text]").TextContent), Patience);
        Assert.Single(page.FindAll("[data-testid=number-minus]"));
        Assert.Equal(DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(150, 50), new StrokePoint(150, 230)], 20)])).Pixels, classifier.Received[^1]);
        Assert.DoesNotContain("of 1", page.Find("[data-testid=verdicts-title]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=strokes-left-out]"));
    }

    [Fact]
    public async Task Ink_as_wide_as_a_number_read_as_one_digit_gets_a_hint_which_a_digit_does_not()
    {
        classifier.Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 1, 1);
        var digit = Render<Draw>();
        await digit.FindComponent<DrawingPad>().FinishStrokeAsync(VerticalStroke, 20);
        digit.WaitForAssertion(() => Assert.Single(classifier.Received), Patience);
        Assert.Empty(digit.FindAll("[data-testid=wider-than-a-digit]"));

        // "00" written in one stroke, without lifting the pen: one part, nearly twice as wide as it is tall.
        var number = Render<Draw>();
        await number.FindComponent<DrawingPad>().FinishStrokeAsync([60, 100, 20, 140, 60, 180, 100, 140, 60, 100, 140, 100, 100, 140, 140, 180, 180, 140, 140, 100], 20);

        number.WaitForAssertion(() => Assert.Single(number.FindAll("[data-testid=wider-than-a-digit]")), Patience);
        Assert.Empty(number.FindAll("[data-testid=number-text]"));
    }

    [Fact]
    public async Task Ink_drawn_in_one_stroke_read_as_one_digit_can_be_read_as_two_digits_which_stays_while_the_models_reload()
    {
        classifier.Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 1, 1);
        var page = Render<Draw>();

        // "00" written in one stroke: no cut is read surely enough for the page to part it.
        await page.FindComponent<DrawingPad>().FinishStrokeAsync([60, 100, 20, 140, 60, 180, 100, 140, 60, 100, 140, 100, 100, 140, 140, 180, 180, 140, 140, 100], 20);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=two-digits-offer]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=number-reading]"));

        page.Find("[data-testid=read-as-two-digits]").Click();

        page.WaitForAssertion(() => Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent), Patience);
        Assert.Contains("parted where the models read two digits best, as you chose", page.Find(".number-reading__hint").TextContent);
        Assert.Empty(page.FindAll("[data-testid=two-digits-offer]"));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=evidence-pending]")), Patience);
        var explained = explainer.Received.Count;

        classifier.RaiseModelsChanged();

        page.WaitForAssertion(() => Assert.Equal(explained + 1, explainer.Received.Count), Patience); // read again, to the end
        Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=two-digits-offer]"));
    }

    [Fact]
    public async Task A_digit_of_a_number_as_wide_as_a_number_gets_the_hint_when_it_is_chosen()
    {
        classifier.Answer = _ => FakeDigitClassifier.AllSay(0, 0.5f);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        // A 0, then, a little apart, "00" written in one stroke, which nothing parts at this confidence.
        await pad.FinishStrokeAsync([40, 110, 10, 140, 40, 170, 70, 140, 40, 110], 20);
        await pad.FinishStrokeAsync([130, 110, 100, 140, 130, 170, 160, 140, 130, 110, 190, 110, 160, 140, 190, 170, 220, 140, 190, 110], 20);

        page.WaitForAssertion(() => Assert.Equal("00", page.Find("[data-testid=number-text]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=wider-than-a-digit]"));
        Assert.Equal("number-digit-1", Assert.Single(page.FindAll("[data-testid=number-digit-wide]")).Closest("button")?.GetAttribute("data-testid"));

        page.Find("[data-testid=number-digit-1]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=wider-than-a-digit]")), Patience);
        page.Find("[data-testid=number-digit-0]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=wider-than-a-digit]")), Patience);
    }

    [Fact]
    public async Task A_tap_apart_from_the_digit_is_left_out_of_what_the_models_see_and_the_page_says_so()
    {
        classifier.Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 1, 1);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        await pad.FinishStrokeAsync(VerticalStroke, 20);
        page.WaitForAssertion(() => Assert.Single(classifier.Received), Patience);
        Assert.Empty(page.FindAll("[data-testid=strokes-left-out]"));
        await pad.FinishStrokeAsync([40, 240], 20);

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=strokes-left-out]").GetAttribute("data-strokes")), Patience);
        Assert.Equal(classifier.Received[0], classifier.Received[^1]);
        var shown = Assert.IsType<PadStroke[]>(JSInterop.Invocations["showStrokes"][^1].Arguments[1]);
        Assert.Equal([false, true], shown.Select(stroke => stroke.Faded)); // the tap is faded on the pad
    }

    [Fact]
    public async Task A_finished_stroke_updates_the_preview_and_every_card()
    {
        classifier.Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 7, 1);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        await pad.FinishStrokeAsync(VerticalStroke, 20);

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.Equal(["1", "1", "1", "7", "1"], page.FindAll("[data-testid=predicted-digit]").Select(d => d.TextContent));
        Assert.Equal("true", page.Find("[data-testid=model-card-cnn-quad]").GetAttribute("data-disagrees"));
        Assert.Equal("1", page.Find("[data-testid=pad-answer-value]").TextContent); // under the pad, too
        Assert.Contains("the models disagree", page.Find("[data-testid=pad-answer-detail]").TextContent);
        var preview = page.Find("[data-testid=preview]");
        Assert.True(int.Parse(preview.GetAttribute("data-ink-pixels")!) > 10);
        Assert.Equal(4, page.FindAll("[data-testid^=quadrant-]").Count);
        Assert.Equal(28, page.FindAll("[data-testid=projection-x] tr").Count);
        Assert.Equal(28, page.FindAll("[data-testid=projection-y] tr").Count);
        var sent = Assert.Single(classifier.Received);
        Assert.Equal(784, sent.Length);
        Assert.Contains(sent, p => p > 0.5f);
        Assert.False(page.Find("[data-testid=undo]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task After_the_verdicts_every_card_gets_the_evidence_for_the_image_it_classified()
    {
        var measuring = new TaskCompletionSource();
        explainer.Gate = measuring.Task;
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        // The stroke's handling goes on until the evidence is in: not awaited while the gate is closed.
        var stroke = pad.FinishStrokeAsync(VerticalStroke, 20);

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=evidence-pending]").Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=evidence]"));
        measuring.SetResult();
        await stroke.WaitAsync(Patience);
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=evidence] img[data-testid=evidence-map]").Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=evidence-pending]"));
        Assert.Equal(Assert.Single(classifier.Received), Assert.Single(explainer.Received));

        page.Find("[data-testid=clear]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=evidence]")), Patience);
    }

    [Fact]
    public async Task The_layers_toggle_reads_every_cnn_s_layers_for_the_classified_image_and_keeps_them_current()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        await pad.FinishStrokeAsync(VerticalStroke, 20);
        page.WaitForAssertion(() => Assert.Single(explainer.Received), Patience);
        Assert.Empty(layerViewer.Received);
        Assert.Empty(page.FindAll("[data-testid=network-layers]"));

        page.Find("[data-testid=layers-toggle]").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=network-layers] [data-testid^=layers-block-]").Count), Patience);
        Assert.Equal("true", page.Find("[data-testid=layers-toggle]").GetAttribute("aria-pressed"));
        Assert.Equal(Assert.Single(classifier.Received), Assert.Single(layerViewer.Received));
        Assert.Single(page.FindAll("[data-testid=layers-quadrants-cnn-quad]"));

        await pad.FinishStrokeAsync([100, 140, 180, 140], 20);
        page.WaitForAssertion(() => Assert.Equal(2, layerViewer.Received.Count), Patience);
        Assert.Equal(classifier.Received[1], layerViewer.Received[1]);

        page.Find("[data-testid=layers-toggle]").Click();
        Assert.Empty(page.FindAll("[data-testid=network-layers]"));
    }

    [Fact]
    public async Task A_new_stroke_cancels_the_evidence_still_measured_for_the_previous_drawing()
    {
        explainer.Gate = new TaskCompletionSource().Task; // never opens: only cancellation ends the first measurement
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        var first = pad.FinishStrokeAsync(VerticalStroke, 20);
        await explainer.FirstCall.WaitAsync(Patience);

        explainer.Gate = Task.CompletedTask;
        await pad.FinishStrokeAsync([100, 140, 180, 140], 20);
        await first.WaitAsync(Patience); // ended by the cancellation

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=evidence-map]").Count), Patience);
        Assert.Equal(2, explainer.Received.Count);
        Assert.NotEqual(explainer.Received[0], explainer.Received[1]);
    }

    [Fact]
    public async Task Undo_and_clear_return_to_the_invitation()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        await pad.FinishStrokeAsync(VerticalStroke, 20);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=predicted-digit]")), Patience);

        page.Find("[data-testid=undo]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=predicted-digit]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=preview]"));
        Assert.Contains("Draw a digit on the pad", page.Find("[data-testid=verdict-summary]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=pad-answer]"));
        Assert.Empty(Assert.IsType<PadStroke[]>(JSInterop.Invocations["showStrokes"][^1].Arguments[1]));

        await pad.FinishStrokeAsync(VerticalStroke, 20);
        await pad.FinishStrokeAsync([100, 100, 180, 100], 20);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=predicted-digit]")), Patience);
        Assert.Equal(2, pad.Instance.Strokes.Count);

        page.Find("[data-testid=clear]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=predicted-digit]")), Patience);
        Assert.Empty(pad.Instance.Strokes);
        Assert.Empty(Assert.IsType<PadStroke[]>(JSInterop.Invocations["showStrokes"][^1].Arguments[1]));
    }

    [Fact]
    public async Task Keyboard_undo_and_clear_in_the_canvas_update_the_page()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        await pad.FinishStrokeAsync(VerticalStroke, 20);
        await pad.FinishStrokeAsync([100, 100, 180, 100], 20);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=predicted-digit]")), Patience);

        // The canvas module's Ctrl+Z and Escape call these, as the buttons do.
        await page.InvokeAsync(() => pad.Instance.UndoAsync());
        Assert.Single(pad.Instance.Strokes);

        await page.InvokeAsync(() => pad.Instance.ClearAsync());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=predicted-digit]")), Patience);
        Assert.Empty(pad.Instance.Strokes);
    }

    [Fact]
    public async Task Malformed_strokes_from_the_browser_are_ignored()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        await pad.FinishStrokeAsync([1, 2, 3], 20);
        await pad.FinishStrokeAsync([1, float.NaN], 20);
        await pad.FinishStrokeAsync([1, 2], float.PositiveInfinity);
        await pad.FinishStrokeAsync(new float[DrawingPad.MaxCoordinatesPerStroke + 2], 20);

        Assert.Empty(pad.Instance.Strokes);
        Assert.Empty(classifier.Received);
    }

    [Fact]
    public async Task Strokes_beyond_the_limits_the_api_applies_are_ignored()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();

        // A pen wider than the slider allows (the slider stops at 40) or thinner than its minimum.
        await pad.FinishStrokeAsync(VerticalStroke, DrawingPad.CanvasSide);
        await pad.FinishStrokeAsync(VerticalStroke, DrawingPad.MaxPenWidth + 1);
        await pad.FinishStrokeAsync(VerticalStroke, DrawingPad.MinPenWidth - 1);
        // A zig-zag whose path is far longer than the drawing (what makes rasterizing expensive).
        var zigZag = Enumerable.Range(0, 400).SelectMany(i => new float[] { i % 2 == 0 ? 100 : 180, 100 }).ToArray();
        await pad.FinishStrokeAsync(zigZag, 20);
        Assert.Empty(pad.Instance.Strokes);

        // More points than a drawing may hold, over several strokes: the stroke that crosses the limit is refused.
        var longStroke = Enumerable.Range(0, 900).SelectMany(i => new float[] { 40 + i % 200, 40 + i / 5f }).ToArray();
        await pad.FinishStrokeAsync(longStroke, 20);
        await pad.FinishStrokeAsync(longStroke, 20);
        await pad.FinishStrokeAsync(longStroke, 20);
        Assert.Equal(2, pad.Instance.Strokes.Count);
        Assert.True(pad.Instance.Strokes.Sum(s => s.Points.Count) <= DrawingLimits.MaxTotalPoints);
    }

    [Fact]
    public async Task When_models_change_the_current_drawing_is_classified_again()
    {
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        await pad.FinishStrokeAsync(VerticalStroke, 20);
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=model-card-nn] [data-testid=predicted-digit]").TextContent), Patience);

        classifier.Answer = _ => FakeDigitClassifier.Answers(9, 9, 9, 9, 9);
        classifier.RaiseModelsChanged();

        page.WaitForAssertion(() => Assert.Equal("9", page.Find("[data-testid=model-card-nn] [data-testid=predicted-digit]").TextContent), Patience);
    }

    [Fact]
    public void The_canvas_module_is_attached_with_the_pad_size_and_pen_width()
    {
        Render<Draw>();

        var attach = JSInterop.VerifyInvoke("attach");
        Assert.Equal(DrawingPad.CanvasSide, attach.Arguments[2]);
        Assert.Equal(DrawingPad.DefaultPenWidth, attach.Arguments[3]);
    }
}
