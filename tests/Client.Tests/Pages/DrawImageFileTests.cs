using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Pages;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Client.Tests.Drawing;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Client.Tests.Pages;

public sealed class DrawImageFileTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly byte[] FileContent = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
    private readonly FakeDigitClassifier classifier = new() { Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 1, 1) };
    private readonly FakeDigitImageReader reader = new();

    /// <summary>A 1 and a 7 side by side, apart: a number of two digits.</summary>
    private static readonly StrokeDrawing OneAndSeven = new(280, 280,
    [
        new Stroke([new StrokePoint(60, 40), new StrokePoint(60, 240)], 20),
        new Stroke([new StrokePoint(160, 40), new StrokePoint(250, 40), new StrokePoint(190, 240)], 20),
    ]);

    public DrawImageFileTests()
    {
        this.AsOwner();
        this.AddDrawPageServices(classifier, reader);
    }

    [Fact]
    public void An_opened_image_is_classified_in_place_of_the_drawing_and_named_above_the_page()
    {
        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]));
        reader.Answer = new ImageDigit(digit, null);
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "my one.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        var (name, content) = Assert.Single(reader.Received);
        Assert.Equal("my one.png", name);
        Assert.Equal(FileContent, content);
        Assert.Equal(digit.Pixels, Assert.Single(classifier.Received));
        Assert.Equal("my one.png", page.Find("[data-testid=image-sample-name]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=image-sample-prepared]"));
        Assert.NotNull(page.Find("[data-testid=preview]"));
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
    }

    [Fact]
    public void A_digit_read_from_an_opened_image_is_saved_as_the_image_the_models_saw_and_of_a_number_the_digit_shown()
    {
        var savedDrawings = new MnistBlazor.Client.Tests.SavedDrawings.FakeSavedDrawings();
        Services.AddSingleton<ISavedDrawings>(savedDrawings);
        var number = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(OneAndSeven));
        reader.Answer = new ImageDigit(number, null);
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "a number.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent), Patience);
        page.Find("[data-testid=number-digit-1]").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=number-digit-1]").GetAttribute("aria-pressed")), Patience);

        page.Find("[data-testid=save-drawing]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Saved as digit 1", page.Find("[data-testid=save-status]").TextContent), Patience);
        var (label, pixels, predictions) = Assert.Single(savedDrawings.SavedImages);
        Assert.Equal(1, label);
        Assert.Equal(number.Digits[1].Pixels, pixels);
        Assert.Equal(5, predictions.Count);
        Assert.Empty(savedDrawings.Saved); // no strokes saved
    }

    [Fact]
    public void An_image_the_browser_scaled_down_first_is_said_to_be_so()
    {
        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]));
        reader.Answer = new ImageDigit(digit, null);
        byte[] scaled = [0xFF, 0xD8, 0xFF, 42];
        JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/ImageFileButton.razor.js")
            .Setup<IJSStreamReference?>("prepareForServer", _ => true).SetResult(new BytesFromTheBrowser(scaled));
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "IMG_0001.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.Equal(scaled, Assert.Single(reader.Received).Content);
        Assert.Contains("scaled the image down", page.Find("[data-testid=image-sample-prepared]").TextContent);
    }

    [Fact]
    public void An_opened_image_of_a_number_is_read_digit_by_digit()
    {
        var number = DigitPreprocessor.Preprocess(OneAndSeven);
        reader.Answer = new ImageDigit(number, null);
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "a number.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent), Patience);
        Assert.Equal(number.Digits.Select(d => d.Pixels), classifier.Received);
        Assert.Equal("a number.png", page.Find("[data-testid=image-sample-name]").TextContent);
        Assert.Equal("true", page.Find("[data-testid=number-digit-0]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void An_opened_image_of_ink_in_parts_read_as_one_digit_is_saved_whole_as_one_digit()
    {
        var savedDrawings = new MnistBlazor.Client.Tests.SavedDrawings.FakeSavedDrawings();
        Services.AddSingleton<ISavedDrawings>(savedDrawings);
        var inParts = DigitPreprocessor.Preprocess(OneAndSeven);
        reader.Answer = new ImageDigit(inParts, null);
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "in parts.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent), Patience);

        page.Find("[data-testid=number-read-as-one]").Click();

        page.WaitForAssertion(() => Assert.Equal("one-digit", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
        page.Find("[data-testid=save-drawing]").Click();
        page.WaitForAssertion(() => Assert.Single(savedDrawings.SavedImages), Patience);
        Assert.Equal(inParts.Pixels, savedDrawings.SavedImages[0].Pixels);
        Assert.True(Assert.Single(savedDrawings.Drawings).ReadAsOneDigit);
    }

    /// <summary>A wide U in an image: one piece of ink, wide for one digit, with cuts to try.</summary>
    private static readonly PreprocessedDigit WideInk = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(new StrokeDrawing(400, 280,
        [new Stroke([new(60, 60), new(60, 200), new(100, 230), new(300, 230), new(340, 200), new(340, 60)], 16)])));

    /// <summary>Opens an image of <see cref="WideInk"/>, the whole read as 0 unsurely, and waits for it to be read as "17".</summary>
    private IRenderedComponent<Draw> OpenTheWideInkReadAsSeventeen()
    {
        var page = OpenTheWideInk(whole: 0.5f);
        page.WaitForAssertion(() => Assert.Equal("17", page.Find("[data-testid=number-text]").TextContent), Patience);
        return page;
    }

    /// <summary>Opens an image of <see cref="WideInk"/> read as <see cref="ReadingTheWideInk"/> says.</summary>
    private IRenderedComponent<Draw> OpenTheWideInk(float whole)
    {
        classifier.Answer = ReadingTheWideInk(whole);
        reader.Answer = new ImageDigit(WideInk, null) { DecodedSize = (400, 280) };
        ShowOpenedImagesAt("blob:wide");
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "wide.png", contentType: "image/png"));
        return page;
    }

    /// <summary>The whole read as 0 with <paramref name="whole"/>; the left of every cut as 1, the right as 7, with 0.97.</summary>
    private static Func<float[], DigitClassification> ReadingTheWideInk(float whole) => pixels =>
        pixels.SequenceEqual(WideInk.Pixels) ? FakeDigitClassifier.AllSay(0, whole)
        : WideInk.CutsToTry.Any(cut => pixels.SequenceEqual(cut.Left.Pixels)) ? FakeDigitClassifier.AllSay(1, 0.97f)
        : FakeDigitClassifier.AllSay(7, 0.97f);

    [Fact]
    public void An_opened_image_of_two_touching_digits_is_read_as_the_two_digits_the_models_read_surely_either_side_of_a_cut()
    {
        Assert.NotEmpty(WideInk.CutsToTry);

        var page = OpenTheWideInkReadAsSeventeen();

        Assert.Contains("2 digits side by side (where two ran together, parted where the models read both sides surely)", page.Find("[data-testid=number-reading]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=wider-than-a-digit]"));
        // On the pad, the ink as one box at first, then each side of the cut the models read.
        var boxes = page.FindAll("[data-testid=opened-image-ink-read]").Select(box => box.GetAttribute("style")).ToArray();
        Assert.Equal(2, boxes.Length);
        Assert.Contains(boxes, style => WideInk.CutsToTry.Any(cut => style == new OpenedImagePreview("", "", 400, 280, []).StyleOf(cut.Left.SourceBounds)));
    }

    [Fact]
    public void An_opened_image_of_touching_digits_read_as_one_digit_is_saved_whole_and_the_next_image_is_read_afresh()
    {
        var savedDrawings = new MnistBlazor.Client.Tests.SavedDrawings.FakeSavedDrawings();
        Services.AddSingleton<ISavedDrawings>(savedDrawings);
        var page = OpenTheWideInkReadAsSeventeen();

        page.Find("[data-testid=number-read-as-one]").Click();

        page.WaitForAssertion(() => Assert.Equal("one-digit", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        Assert.Equal("0", page.Find("[data-testid=pad-answer-value]").TextContent);
        Assert.Single(page.FindAll("[data-testid=opened-image-ink-read]")); // the ink as one box
        page.Find("[data-testid=save-drawing]").Click();
        page.WaitForAssertion(() => Assert.StartsWith("Saved as digit 0", page.Find("[data-testid=save-status]").TextContent), Patience);
        Assert.Equal(WideInk.Pixels, Assert.Single(savedDrawings.SavedImages).Pixels);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "touching again.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal("number", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
    }

    [Fact]
    public void An_opened_image_of_wide_ink_read_as_one_digit_can_be_read_as_two_digits_and_as_one_again()
    {
        var page = OpenTheWideInk(whole: 0.999999f); // so surely that no cut is taken
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=pad-answer-value]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=number-reading]"));

        page.Find("[data-testid=read-as-two-digits]").Click();

        page.WaitForAssertion(() => Assert.Equal("17", page.Find("[data-testid=number-text]").TextContent), Patience);
        Assert.Equal("number", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as"));
        Assert.Contains("2 digits side by side (run together, parted where the models read two digits best, as you chose)", page.Find(".number-reading__hint").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid=opened-image-ink-read]").Count);
        Assert.Empty(page.FindAll("[data-testid=read-as-two-digits]"));

        // Read as one digit again, it is read as the page read it at first, with the offer again.
        page.Find("[data-testid=number-read-as-one]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=number-reading]")), Patience);
        Assert.Equal("0", page.Find("[data-testid=pad-answer-value]").TextContent);
        page.Find("[data-testid=read-as-two-digits]").Click();
        page.WaitForAssertion(() => Assert.Equal("17", page.Find("[data-testid=pad-answer-value]").TextContent), Patience);
    }

    [Fact]
    public void An_opened_image_of_wide_ink_read_surely_as_one_digit_stays_one_digit_with_the_hint_on_writing_numbers()
    {
        classifier.Answer = ReadingTheWideInk(whole: 0.9999f);
        reader.Answer = new ImageDigit(WideInk, null);
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "wide zero.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.All(page.FindAll("[data-testid=predicted-digit]"), digit => Assert.Equal("0", digit.TextContent));
        Assert.Empty(page.FindAll("[data-testid=number-reading]"));
        Assert.NotNull(page.Find("[data-testid=wider-than-a-digit]"));
        // Wider than a digit, its cuts are read however surely the whole is, but none reads surer than it.
        Assert.Equal(1 + 2 * WideInk.CutsToTry.Count, classifier.Received.Count);
    }

    [Fact]
    public void An_opened_image_is_shown_on_the_pad_with_the_ink_the_models_read_boxed()
    {
        var image = StrokeRasterizer.Rasterize(new StrokeDrawing(560, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]));
        var digit = DigitPreprocessor.Preprocess(image);
        reader.Answer = new ImageDigit(digit, null) { DecodedSize = (image.Width, image.Height) };
        ShowOpenedImagesAt("blob:opened");
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "my one.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal("blob:opened", page.Find("[data-testid=opened-image-picture]").GetAttribute("src")), Patience);
        Assert.Equal("The image opened, my one.png", page.Find("[data-testid=opened-image-picture]").GetAttribute("alt"));
        Assert.Contains("width: 100%; aspect-ratio: 560 / 280", page.Find(".opened-image__frame").GetAttribute("style"));
        var box = Assert.Single(page.FindAll("[data-testid=opened-image-ink-read]"));
        Assert.Equal(new OpenedImagePreview("blob:opened", "my one.png", 560, 280, []).StyleOf(digit.SourceBounds), box.GetAttribute("style"));
        Assert.Empty(page.FindAll(".drawing-pad__hint"));
        Assert.Contains("made of the ink boxed on the pad.", page.Find("[data-testid=image-sample]").TextContent);
    }

    [Fact]
    public void On_an_opened_image_of_a_number_the_box_of_the_digit_shown_stands_out()
    {
        var image = StrokeRasterizer.Rasterize(OneAndSeven);
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(image), null) { DecodedSize = (image.Width, image.Height) };
        ShowOpenedImagesAt("blob:number");
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "a number.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=opened-image-ink-read]").Count), Patience);
        Assert.Equal([true, false], page.FindAll("[data-testid=opened-image-ink-read]").Select(IsSelected));

        page.Find("[data-testid=number-digit-1]").Click();

        page.WaitForAssertion(() => Assert.Equal([false, true], page.FindAll("[data-testid=opened-image-ink-read]").Select(IsSelected)), Patience);

        static bool IsSelected(AngleSharp.Dom.IElement box) => box.ClassList.Contains("opened-image__ink-read--selected");
    }

    [Fact]
    public void An_image_the_browser_cannot_show_is_classified_all_the_same_with_the_pad_left_empty()
    {
        var digit = DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]));
        reader.Answer = new ImageDigit(digit, null) { DecodedSize = (280, 280) };
        JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/ImageFileButton.razor.js").Setup<string?>("urlOfSentImage", _ => true).SetException(new JSException("no object URLs"));
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "one.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=opened-image]"));
        Assert.NotNull(page.Find(".drawing-pad__hint"));
    }

    [Fact]
    public async Task A_part_of_an_opened_image_chosen_on_the_pad_is_read_in_place_of_the_whole_until_the_whole_is_asked_for_again()
    {
        var image = StrokeRasterizer.Rasterize(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]));
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(image), null) { DecodedSize = (280, 280) };
        byte[] part = [0x89, 0x50, 0x4E, 0x47, 9];
        var buttonModule = JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/ImageFileButton.razor.js");
        buttonModule.Setup<string?>("urlOfSentImage", _ => true).SetResult("blob:shown");
        buttonModule.Setup<IJSStreamReference?>("cropSentImage", _ => true).SetResult(new BytesFromTheBrowser(part));
        buttonModule.Setup<IJSStreamReference?>("wholeSentImage", _ => true).SetResult(new BytesFromTheBrowser(FileContent));
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "page.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-part-choose]")), Patience);

        page.Find("[data-testid=image-part-choose]").Click();

        Assert.NotNull(page.Find("[data-testid=image-part-hint]"));
        var view = page.FindComponent<OpenedImageView>();
        Assert.True(view.Instance.Choosing);
        await view.InvokeAsync(() => view.Instance.OnPartChosen(0.25, 0.1, 0.5, 0.8));

        page.WaitForAssertion(() => Assert.StartsWith("Classifying the part you chose of page.png", page.Find("[data-testid=image-sample]").TextContent.Trim()), Patience);
        Assert.Equal(part, reader.Received[^1].Content);
        Assert.False(page.FindComponent<OpenedImageView>().Instance.Choosing);
        Assert.Equal(2, classifier.Received.Count);

        page.Find("[data-testid=image-part-whole]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Classifying the digit in page.png", page.Find("[data-testid=image-sample]").TextContent.Trim()), Patience);
        Assert.Equal(FileContent, reader.Received[^1].Content);
        Assert.Empty(page.FindAll("[data-testid=image-part-whole]"));
    }

    [Fact]
    public void Choosing_a_part_can_be_called_off_and_a_file_that_was_refused_offers_none()
    {
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)])), null)
        {
            DecodedSize = (280, 280),
        };
        ShowOpenedImagesAt("blob:shown");
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "one.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-part-choose]")), Patience);
        page.Find("[data-testid=image-part-choose]").Click();

        page.Find("[data-testid=image-part-cancel]").Click();

        Assert.False(page.FindComponent<OpenedImageView>().Instance.Choosing);
        Assert.NotNull(page.Find("[data-testid=image-part-choose]"));

        reader.Answer = ImageDigit.Refused("notes.txt is not a PNG or JPEG image; save or export it as one (a photo as JPEG) and open it again.");
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "notes.txt", contentType: "text/plain"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-sample-problem]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=image-part-choose]"));
        Assert.Empty(page.FindAll("[data-testid=opened-image]"));
    }

    /// <summary>The browser shows the image it sent at <paramref name="url"/>.</summary>
    private void ShowOpenedImagesAt(string url) =>
        JSInterop.SetupModule("./_content/MnistBlazor.Client/Drawing/ImageFileButton.razor.js").Setup<string?>("urlOfSentImage", _ => true).SetResult(url);

    [Fact]
    public async Task Drawing_after_an_image_makes_the_drawing_the_input_again()
    {
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)])), null)
        {
            DecodedSize = (280, 280),
        };
        ShowOpenedImagesAt("blob:one");
        var page = Render<Draw>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "one.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-sample]")), Patience);
        Assert.NotNull(page.Find("[data-testid=opened-image]"));

        await page.FindComponent<DrawingPad>().FinishStrokeAsync([60, 60, 200, 200], 20);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=image-sample]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=opened-image]"));
        page.WaitForAssertion(() => Assert.Equal(2, classifier.Received.Count), Patience);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=save-not-available]")), Patience);
    }

    [Fact]
    public void A_file_the_server_cannot_read_is_named_with_what_is_wrong_and_nothing_is_classified()
    {
        reader.Answer = ImageDigit.Refused("scan.gif is not a PNG or JPEG image; save or export it as one (a photo as JPEG) and open it again.");
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "scan.gif", contentType: "image/gif"));

        page.WaitForAssertion(() => Assert.Contains("scan.gif is not a PNG or JPEG image", page.Find("[data-testid=image-sample-problem]").TextContent), Patience);
        Assert.Contains("sample-banner--error", page.Find("[data-testid=image-sample]").ClassList);
        Assert.Empty(classifier.Received);
        Assert.Empty(page.FindAll("[data-testid=predicted-digit]"));
    }

    [Fact]
    public void An_image_without_ink_says_why_and_nothing_is_classified()
    {
        reader.Answer = new ImageDigit(DigitPreprocessor.Preprocess(new GrayImage(40, 40, new float[40 * 40])), null);
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "white.png", contentType: "image/png"));

        page.WaitForAssertion(() => Assert.StartsWith("white.png: ", page.Find("[data-testid=image-sample-problem]").TextContent), Patience);
        Assert.Empty(classifier.Received);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_before_it_is_sent()
    {
        reader.MaxBytes = 4;
        var page = Render<Draw>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(FileContent, "big.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal(
            "big.jpg is 1 KB; images up to 1 KB are read.", page.Find("[data-testid=image-sample-problem]").TextContent), Patience);
        Assert.Empty(reader.Received);
    }
}
