using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Tests.Drawing;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.Pages;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Client.Tests.Pages;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.SavedDrawings;

public sealed class SaveDrawingPanelTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly float[] VerticalStroke = [140, 40, 141, 90, 140, 140, 139, 190, 140, 240];
    private static readonly StrokeDrawing OneStroke = new(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);

    private readonly FakeDigitClassifier classifier = new();
    private readonly FakeSavedDrawings saved = new();
    private readonly Bunit.TestDoubles.BunitAuthorizationContext authorization;

    public SaveDrawingPanelTests()
    {
        authorization = this.AsOwner();
        this.AddDrawPageServices(classifier, savedDrawings: saved);
    }

    [Fact]
    public void A_visitor_has_no_save_button_and_is_told_where_to_sign_in()
    {
        authorization.AsVisitor();

        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(4, 7, 7, 2, 7)));

        Assert.Empty(panel.FindAll("[data-testid=save-drawing]"));
        Assert.Empty(panel.FindAll("[data-testid=save-label]"));
        var hint = panel.Find("[data-testid=save-owner-hint]");
        Assert.Equal("Sign in as owner to save drawings as digits.", hint.TextContent.Trim());
        Assert.Equal("signin?returnUrl=%2F", hint.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(panel.Find("[data-testid=my-digits-link]"));
    }

    [Fact]
    public void The_owner_has_the_save_button_and_no_sign_in_hint()
    {
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(4, 7, 7, 2, 7)));

        Assert.NotNull(panel.Find("[data-testid=save-drawing]"));
        Assert.Empty(panel.FindAll("[data-testid=save-owner-hint]"));
    }

    [Fact]
    public void Nothing_can_be_saved_while_the_pad_is_blank()
    {
        var panel = Render<SaveDrawingPanel>(p => p.Add(x => x.Drawing, new StrokeDrawing(280, 280, [])));

        Assert.True(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
        Assert.True(panel.Find("[data-testid=save-label]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_reason_not_to_save_is_shown_and_keeps_the_digit_from_being_saved_until_it_is_gone()
    {
        const string reason = "A test image is not saved: My digits keeps drawings made on the pad and digits read from your images.";

        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, null)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(4, 7, 7, 2, 7))
            .Add(x => x.NotSavedReason, reason));

        Assert.Equal(reason, panel.Find("[data-testid=save-not-available]").TextContent);
        Assert.True(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));

        panel.Render(p => p.Add(x => x.Drawing, OneStroke)); // e.g. two digits drawn side by side

        Assert.Equal(reason, panel.Find("[data-testid=save-not-available]").TextContent);
        Assert.True(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
        Assert.True(panel.Find("[data-testid=save-label]").HasAttribute("disabled")); // nothing to choose a label for

        panel.Render(p => p.Add(x => x.NotSavedReason, null));

        Assert.Empty(panel.FindAll("[data-testid=save-not-available]"));
        Assert.False(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
        Assert.False(panel.Find("[data-testid=save-label]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_label_is_preset_to_the_ensembles_digit()
    {
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(4, 7, 7, 2, 7)));

        Assert.Equal("7", panel.Find("[data-testid=save-label]").GetAttribute("value"));
        Assert.Equal("Save as digit 7", panel.Find("[data-testid=save-drawing]").TextContent.Trim());
        Assert.False(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_drawing_unlike_any_learned_digit_is_preset_to_no_label_so_the_owner_chooses_one()
    {
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.WithDistances(FakeDigitClassifier.Answers(4, 4, 4, 4, 4), 20, 40, 1)));

        Assert.Equal("", panel.Find("[data-testid=save-label]").GetAttribute("value"));
        Assert.True(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));

        panel.Find("[data-testid=save-label]").Change("4");
        Assert.Equal("Save as digit 4", panel.Find("[data-testid=save-drawing]").TextContent.Trim());
        Assert.False(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
    }

    [Fact]
    public void Saving_stores_the_chosen_label_the_strokes_the_capture_and_every_models_answer()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(4, 7, 7, 2, 7))
            .Add(x => x.CaptureCanvas, () => Task.FromResult<byte[]?>(png)));

        panel.Find("[data-testid=save-label]").Change("1");
        panel.Find("[data-testid=save-drawing]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Saved as digit 1", panel.Find("[data-testid=save-status]").TextContent), Patience);
        var (label, strokes, capture, predictions) = Assert.Single(saved.Saved);
        Assert.Equal(1, label);
        Assert.Same(OneStroke, strokes);
        Assert.Equal(png, capture);
        Assert.Equal(["nn", "simple-cnn", "cnn-proj", "cnn-quad", "ensemble"], predictions.Select(p => p.ModelId));
        Assert.Equal([4, 7, 7, 2, 7], predictions.Select(p => p.Digit));
        Assert.All(predictions, p => Assert.Equal(0.9f, p.Confidence));
    }

    [Fact]
    public void A_drawing_is_saved_once_and_the_next_drawing_can_be_saved_again()
    {
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(1, 1, 1, 1, 1)));

        panel.Find("[data-testid=save-drawing]").Click();
        panel.WaitForAssertion(() => Assert.Equal("Saved", panel.Find("[data-testid=save-drawing]").TextContent.Trim()), Patience);
        Assert.True(panel.Find("[data-testid=save-drawing]").HasAttribute("disabled"));
        panel.Find("[data-testid=save-label]").Change("7"); // another label does not make a second copy: relabel it on My digits
        panel.Find("[data-testid=save-drawing]").Click();
        Assert.Single(saved.Saved);

        var longer = new StrokeDrawing(280, 280, [.. OneStroke.Strokes, new Stroke([new StrokePoint(120, 40), new StrokePoint(140, 40)], 20)]);
        panel.Render(p => p.Add(x => x.Drawing, longer).Add(x => x.Classification, FakeDigitClassifier.Answers(1, 1, 1, 1, 1)));

        Assert.Equal("Save as digit 1", panel.Find("[data-testid=save-drawing]").TextContent.Trim());
        panel.Find("[data-testid=save-drawing]").Click();
        panel.WaitForAssertion(() => Assert.Equal(2, saved.Saved.Count), Patience);
    }

    [Fact]
    public void A_refused_database_is_reported_without_breaking_the_page()
    {
        saved.Failure = FakeSavedDrawings.Refused("/srv/data/drawings.db");
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(3, 3, 3, 3, 3)));

        panel.Find("[data-testid=save-drawing]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Not saved: /srv/data/drawings.db", panel.Find("[data-testid=save-status]").TextContent), Patience);
        Assert.Empty(saved.Saved);
    }

    [Fact]
    public void A_full_disk_is_reported_in_the_panel_as_not_saved()
    {
        saved.WriteFailure = new MnistBlazor.Shared.Drawings.DrawingStorageException(
            MnistBlazor.Shared.Drawings.DrawingStorageFault.Full, "The drawings database (drawings.db) is full: free some space and try again.");
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(3, 3, 3, 3, 3)));

        panel.Find("[data-testid=save-drawing]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Not saved: The drawings database (drawings.db) is full", panel.Find("[data-testid=save-status]").TextContent), Patience);
        Assert.Contains("save-drawing__status--error", panel.Find("[data-testid=save-status]").ClassName);
        Assert.Empty(saved.Saved);
    }

    [Fact]
    public void A_save_refused_to_a_visitor_says_how_the_owner_signs_in()
    {
        saved.WriteFailure = new UnauthorizedAccessException("Only the server's owner can change saved drawings and model versions: sign in at /signin.");
        var panel = Render<SaveDrawingPanel>(p => p
            .Add(x => x.Drawing, OneStroke)
            .Add(x => x.Classification, FakeDigitClassifier.Answers(3, 3, 3, 3, 3)));

        panel.Find("[data-testid=save-drawing]").Click();

        panel.WaitForAssertion(() => Assert.Contains("Not saved: Only the server's owner", panel.Find("[data-testid=save-status]").TextContent), Patience);
        Assert.Empty(saved.Saved);
    }

    [Fact]
    public async Task The_drawing_page_saves_what_is_on_the_pad()
    {
        classifier.Answer = _ => FakeDigitClassifier.Answers(1, 1, 1, 1, 1);
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        Assert.True(page.Find("[data-testid=save-drawing]").HasAttribute("disabled"));

        await pad.FinishStrokeAsync(VerticalStroke, 20);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=save-drawing]").HasAttribute("disabled")), Patience);
        page.Find("[data-testid=save-drawing]").Click();

        page.WaitForAssertion(() => Assert.Single(saved.Saved), Patience);
        Assert.Equal(1, saved.Saved[0].Label);
        Assert.Single(saved.Saved[0].Strokes.Strokes);
        Assert.Null(saved.Saved[0].Png); // the canvas module is mocked: no capture
        JSInterop.VerifyInvoke("capturePng");
    }
}
