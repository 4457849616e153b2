using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Client.Pages;
using MnistBlazor.Client.Tests.Drawing;
using MnistBlazor.Client.Tests.SavedDrawings;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Tests.Pages;

public sealed class DrawSavedDrawingTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeDigitClassifier classifier = new() { Answer = _ => FakeDigitClassifier.Answers(7, 7, 7, 1, 7) };
    private readonly FakeSavedDrawings saved = new();

    public DrawSavedDrawingTests()
    {
        this.AsOwner();
        this.AddDrawPageServices(classifier, savedDrawings: saved);
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void A_saved_drawing_named_by_the_address_is_put_on_the_pad_and_read_as_the_models_read_it_today()
    {
        saved.Add(1);
        var seven = saved.Add(7, strokes: DrawingPadGeometry.TypicalSeven);
        Navigation.NavigateTo($"/?drawing={seven.Id}");

        var page = Render<Draw>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.Equal(
            "My digit #2, labelled 7, saved 1970-01-01 00:00 UTC, when the ensemble said 7.",
            string.Join(' ', page.Find("[data-testid=saved-sample-text]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(DigitPreprocessor.Preprocess(DrawingPadGeometry.TypicalSeven).Pixels, Assert.Single(classifier.Received));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindComponent<DrawingPad>().Instance.Strokes.Count), Patience);
        Assert.Equal("Drawing #2 is saved already: draw on the pad to make a new one.", page.Find("[data-testid=save-not-available]").TextContent);
        Assert.Equal("/my-digits", page.Find("[data-testid=saved-sample] a").GetAttribute("href"));
    }

    [Fact]
    public void A_digit_saved_from_an_image_is_read_from_its_stored_image_with_the_pad_left_empty()
    {
        var image = new byte[MnistGeometry.PixelCount];
        for (var y = 4; y < 24; y++)
        {
            image[y * MnistGeometry.Side + 14] = 255;
        }

        var one = saved.Add(1, strokes: MnistBlazor.Shared.Drawings.SavedDrawing.NoStrokes, image: image);
        Navigation.NavigateTo($"/?drawing={one.Id}");

        var page = Render<Draw>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);
        Assert.Equal(one.ImageAsFloats(), Assert.Single(classifier.Received));
        Assert.Equal("Saved from an image: its 28×28 image is read as it was saved.", page.Find("[data-testid=saved-sample-source]").TextContent);
        Assert.Empty(page.FindComponent<DrawingPad>().Instance.Strokes);
        Assert.Equal("Drawing #1 is saved already: draw on the pad to make a new one.", page.Find("[data-testid=save-not-available]").TextContent);
    }

    [Fact]
    public void A_digit_saved_in_parts_as_one_digit_is_read_as_one_digit_when_opened_and_the_same_strokes_saved_otherwise_as_a_number()
    {
        // A 0 drawn as two arcs, "( )": each arc alone reads as 1, both together as 0.
        var strokes = new StrokeDrawing(280, 280,
        [
            new Stroke([new(110, 60), new(70, 140), new(110, 220)], 20),
            new Stroke([new(170, 60), new(210, 140), new(170, 220)], 20),
        ]);
        var whole = DigitPreprocessor.Preprocess(strokes).Pixels;
        classifier.Answer = pixels => pixels.SequenceEqual(whole) ? FakeDigitClassifier.AllSay(0, 0.95f) : FakeDigitClassifier.AllSay(1, 0.95f);
        var asOneDigit = saved.Add(0, strokes: strokes, readAsOneDigit: true);
        var asSaidBefore = saved.Add(0, strokes: strokes);
        Navigation.NavigateTo($"/?drawing={asOneDigit.Id}");

        var page = Render<Draw>();

        page.WaitForAssertion(() => Assert.Equal("one-digit", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        Assert.All(page.FindAll("[data-testid=predicted-digit]"), digit => Assert.Equal("0", digit.TextContent));

        Navigation.NavigateTo($"/?drawing={asSaidBefore.Id}");
        page.WaitForAssertion(() => Assert.Equal("number", page.Find("[data-testid=number-reading]").GetAttribute("data-read-as")), Patience);
        Assert.Equal("11", page.Find("[data-testid=number-text]").TextContent);
    }

    [Fact]
    public async Task Drawing_more_on_a_loaded_saved_drawing_makes_it_a_new_drawing()
    {
        var seven = saved.Add(7, strokes: DrawingPadGeometry.TypicalSeven);
        Navigation.NavigateTo($"/?drawing={seven.Id}");
        var page = Render<Draw>();
        var pad = page.FindComponent<DrawingPad>();
        page.WaitForAssertion(() => Assert.Equal(2, pad.Instance.Strokes.Count), Patience);

        await pad.FinishStrokeAsync([20, 20, 60, 20], 20);

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=saved-sample]")), Patience);
        Assert.DoesNotContain("drawing=", Navigation.Uri);
        Assert.Empty(page.FindAll("[data-testid=save-not-available]"));
    }

    [Fact]
    public void A_drawing_that_is_not_there_or_cannot_be_read_is_explained()
    {
        Navigation.NavigateTo("/?drawing=41");
        var page = Render<Draw>();

        Assert.Contains("There is no saved drawing #41: it may have been deleted.", page.Find("[data-testid=saved-sample]").TextContent);
        Assert.Empty(classifier.Received);

        saved.Failure = new DataFileException("drawings.db", "not a database");
        Navigation.NavigateTo("/?drawing=42");

        page.WaitForAssertion(() => Assert.Contains("Drawing #42 cannot be read: ", page.Find("[data-testid=saved-sample]").TextContent), Patience);
        Assert.Contains("drawings.db", page.Find("[data-testid=saved-sample]").TextContent);
        Assert.Empty(classifier.Received);

        // Private drawings, for a visitor: the refusal says why and where to sign in.
        saved.Failure = new UnauthorizedAccessException("The saved drawings are private on this server: only its owner sees them (sign in at /signin).");
        Navigation.NavigateTo("/?drawing=43");

        page.WaitForAssertion(() => Assert.Contains("private on this server", page.Find("[data-testid=saved-sample]").TextContent), Patience);
        Assert.Empty(classifier.Received);
    }

    [Fact]
    public void The_owner_can_relabel_the_drawing_on_the_pad_and_the_page_says_so()
    {
        var seven = saved.Add(7);
        Navigation.NavigateTo($"/?drawing={seven.Id}");
        var page = Render<Draw>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=predicted-digit]").Count), Patience);

        page.Find("[data-testid=saved-sample-relabel]").Change("1");

        page.WaitForAssertion(() => Assert.Equal("Relabelled as 1.", page.Find("[data-testid=saved-sample-status]").TextContent), Patience);
        Assert.Equal("1", page.Find("[data-testid=saved-sample-label]").TextContent);
        Assert.Equal(1, saved.Drawings.Single(d => d.Id == seven.Id).Label);

        saved.WriteFailure = new IOException("The drawings database (drawings.db) is busy.");
        page.Find("[data-testid=saved-sample-relabel]").Change("4");

        page.WaitForAssertion(() => Assert.Equal("Not relabelled: The drawings database (drawings.db) is busy.", page.Find("[data-testid=saved-sample-status]").TextContent), Patience);
        Assert.Equal("1", page.Find("[data-testid=saved-sample-label]").TextContent);
    }

    [Fact]
    public void A_visitor_sees_the_drawing_but_no_relabelling()
    {
        using var visitor = new DrawSavedDrawingVisitor();
        var seven = visitor.Saved.Add(7);
        visitor.Services.GetRequiredService<NavigationManager>().NavigateTo($"/?drawing={seven.Id}");

        var page = visitor.Render<Draw>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=saved-sample-label]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=saved-sample-relabel]"));
    }

    private sealed class DrawSavedDrawingVisitor : BunitContext
    {
        public DrawSavedDrawingVisitor()
        {
            this.AsOwner().AsVisitor();
            this.AddDrawPageServices(savedDrawings: Saved);
        }

        public FakeSavedDrawings Saved { get; } = new();
    }
}
