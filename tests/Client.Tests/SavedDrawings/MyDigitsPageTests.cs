using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Client.Tests.Support;

namespace MnistBlazor.Client.Tests.SavedDrawings;

public sealed class MyDigitsPageTests : BunitContext
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeSavedDrawings saved = new();
    private readonly FakeModelVersions versions = new();
    private readonly FakeDigitClassifier classifier = new();
    private readonly Bunit.TestDoubles.BunitAuthorizationContext authorization;

    public MyDigitsPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        authorization = this.AsOwner();
        Services.AddSingleton<IDigitClassifier>(classifier);
        Services.AddSingleton<ISavedDrawings>(saved);
        Services.AddSingleton<IModelVersions>(versions);
    }

    [Fact]
    public void Without_fine_tuned_versions_there_is_no_version_switch()
    {
        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-drawings]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=model-versions]"));
    }

    [Fact]
    public void A_fine_tuned_model_can_be_switched_back_to_its_original()
    {
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-20261128-034000"], "finetune-20261128-034000"));
        var page = Render<MyDigitsPage>();
        var select = page.Find("[data-testid=versions-simple-cnn] [data-testid=version-select]");
        Assert.Equal("finetune-20261128-034000", select.GetAttribute("value"));

        select.Change("original");

        Assert.Equal("original", versions.Choices[0].Active);
        Assert.Equal("Simple CNN: original is now in use.", page.Find("[data-testid=versions-status]").TextContent);
        Assert.Equal(["original", "fine-tune of 28 Nov 2026, 03:40 UTC"], select.QuerySelectorAll("option").Select(o => o.TextContent));
        Assert.Equal("original", page.Find("[data-testid=versions-simple-cnn] [data-testid=version-select]").GetAttribute("value"));
    }

    [Fact]
    public void The_owner_deletes_a_version_not_in_use_after_confirming_and_may_change_their_mind()
    {
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-20261128-034000", "finetune-20261129-120000"], "finetune-20261129-120000"));
        var page = Render<MyDigitsPage>();

        // Every version is listed with its MNIST accuracy and size; only those not in use can be deleted.
        var kept = page.FindAll("[data-testid=versions-list-simple-cnn] [data-testid=kept-version]");
        Assert.Equal(["original", "finetune-20261128-034000", "finetune-20261129-120000"], kept.Select(k => k.GetAttribute("data-version")));
        Assert.Equal(["false", "false", "true"], kept.Select(k => k.GetAttribute("data-in-use")));
        Assert.Equal("fine-tune of 28 Nov 2026, 03:40 UTC (MNIST test 99.10 %, 13.5 MB)", TextContent.Normalized(kept[1].QuerySelector("span")!.TextContent));
        Assert.Equal(2, page.FindAll("[data-testid=versions-list-simple-cnn] [data-testid=version-delete]").Count);
        Assert.Contains("in use", kept[2].TextContent);

        page.Find("[data-testid=kept-version][data-version=original] [data-testid=version-delete]").Click();
        Assert.Contains("Delete it for good?", page.Find("[data-testid=kept-version][data-version=original]").TextContent);
        page.Find("[data-testid=version-delete-cancel]").Click();
        Assert.Empty(page.FindAll("[data-testid=version-delete-confirm]"));
        Assert.Equal(3, versions.Choices[0].Versions.Count);

        page.Find("[data-testid=kept-version][data-version=finetune-20261128-034000] [data-testid=version-delete]").Click();
        page.Find("[data-testid=version-delete-confirm]").Click();

        Assert.Equal(["original", "finetune-20261129-120000"], versions.Choices[0].Versions.Select(v => v.Name));
        Assert.Equal("Simple CNN: fine-tune of 28 Nov 2026, 03:40 UTC deleted.", page.Find("[data-testid=versions-status]").TextContent);
        Assert.Equal("2 versions, 27.0 MB", page.Find("[data-testid=versions-kept]").TextContent);
        Assert.Equal(["original", "finetune-20261129-120000"], page.FindAll("[data-testid=kept-version]").Select(k => k.GetAttribute("data-version")));
    }

    [Fact]
    public void Files_in_use_that_match_no_kept_version_say_so_and_every_kept_version_can_be_deleted()
    {
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-1"], active: null));
        var page = Render<MyDigitsPage>();

        var select = page.Find("[data-testid=version-select]");
        Assert.Equal("", select.GetAttribute("value"));
        Assert.Equal("files not kept as a version (kept when you switch)", select.QuerySelector("option[disabled]")!.TextContent);
        Assert.Equal(["original", "finetune-1"], page.FindAll("[data-testid=kept-version]").Select(k => k.GetAttribute("data-version")));
    }

    [Fact]
    public void A_refused_deletion_says_why()
    {
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-1"], "finetune-1"));
        var page = Render<MyDigitsPage>();
        versions.Failure = new TimeoutException("Model 'simple-cnn' is being switched to another version by another process; try again.");

        page.Find("[data-testid=version-delete]").Click();
        page.Find("[data-testid=version-delete-confirm]").Click();

        Assert.Contains("Not deleted: Model 'simple-cnn' is being switched", page.Find("[data-testid=versions-status]").TextContent);
        Assert.Equal(2, versions.Choices[0].Versions.Count);
    }

    [Fact]
    public void A_version_switch_blocked_by_another_activation_says_so_and_keeps_the_version()
    {
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-1"], "finetune-1"));
        versions.Failure = new TimeoutException("Model 'simple-cnn' is being switched to another version by another process; try again.");
        var page = Render<MyDigitsPage>();

        page.Find("[data-testid=versions-simple-cnn] [data-testid=version-select]").Change("original");

        Assert.Contains("Not switched: Model 'simple-cnn' is being switched", page.Find("[data-testid=versions-status]").TextContent);
        Assert.Equal("finetune-1", versions.Choices[0].Active);
    }

    [Fact]
    public void When_the_models_change_the_drawings_are_measured_again()
    {
        saved.Add(2);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=drawings-accuracy-nn] [data-testid=accuracy]").GetAttribute("data-value")), Patience);

        saved.Add(1);
        classifier.RaiseModelsChanged();

        page.WaitForAssertion(() => Assert.Equal("0.5", page.Find("[data-testid=drawings-accuracy-nn] [data-testid=accuracy]").GetAttribute("data-value")), Patience);
    }

    [Fact]
    public void A_visitor_sees_the_drawings_and_versions_without_the_controls_that_change_them_and_where_to_sign_in()
    {
        authorization.AsVisitor();
        saved.Add(7);
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-1"], "finetune-1"));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("my-digits");

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=relabel]"));
        Assert.Empty(page.FindAll("[data-testid=delete-drawing]"));
        Assert.Empty(page.FindAll("[data-testid^=export-]"));
        Assert.Empty(page.FindAll("[data-testid=import-archive]"));
        Assert.Empty(page.FindAll("[data-testid=version-select]"));
        Assert.Equal("finetune-1", page.Find("[data-testid=versions-simple-cnn] [data-testid=version-active]").TextContent);
        var drawingsHint = page.Find("[data-testid=drawings-owner-hint]");
        Assert.Equal("Sign in as owner to relabel, delete, export or import drawings.", drawingsHint.TextContent.Trim());
        Assert.Equal("signin?returnUrl=%2Fmy-digits", drawingsHint.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Sign in as owner to switch or delete model versions.", page.Find("[data-testid=versions-owner-hint]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=version-delete]"));
        Assert.Equal("2 versions, 27.0 MB", page.Find("[data-testid=versions-kept]").TextContent);
        Assert.Equal("Owner sign-in", page.Find("[data-testid=owner-sign-in]").TextContent.Trim());
    }

    [Fact]
    public void Where_the_drawings_are_private_a_visitor_sees_where_to_sign_in_and_neither_the_drawings_nor_their_measurement()
    {
        authorization.AsVisitor();
        saved.Add(7);
        saved.Failure = new UnauthorizedAccessException("The saved drawings are private on this server: only its owner sees them (sign in at /signin).");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("my-digits");

        var page = Render<MyDigitsPage>();

        var hint = page.WaitForElement("[data-testid=drawings-private]", Patience);
        Assert.Equal($"Sign in as owner to {MnistBlazor.Client.Owner.OwnerPolicy.PrivateDrawingsAction}.", hint.TextContent.Trim());
        Assert.Equal("signin?returnUrl=%2Fmy-digits", hint.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=saved-drawing]"));
        Assert.Empty(page.FindAll("[data-testid=drawings-measurement]"));
        Assert.Empty(page.FindAll("[data-testid=drawings-error]"));
        Assert.Equal("", page.Find("[data-testid=drawings-count]").TextContent);
    }

    [Fact]
    public void The_owner_gets_the_controls_and_no_sign_in_hints()
    {
        saved.Add(7);
        versions.Choices.Add(FakeModelVersions.Choice("simple-cnn", "Simple CNN", ["original", "finetune-1"], "finetune-1"));

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        Assert.Single(page.FindAll("[data-testid=relabel]"));
        Assert.Single(page.FindAll("[data-testid=delete-drawing]"));
        Assert.Equal(4, page.FindAll("[data-testid^=export-]").Count);
        Assert.Single(page.FindAll("[data-testid=import-archive]"));
        Assert.Single(page.FindAll("[data-testid=version-select]"));
        Assert.Empty(page.FindAll("[data-testid$=owner-hint]"));
        Assert.Empty(page.FindAll("[data-testid=version-active]"));
        Assert.Equal("Owner ✓", page.Find("[data-testid=owner-sign-in]").TextContent.Trim());
    }

    [Fact]
    public void Without_drawings_the_page_says_how_to_add_some()
    {
        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-drawings]")), Patience);
        Assert.Contains("0 saved drawings", page.Find("[data-testid=drawings-count]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=saved-drawing]"));
    }

    [Fact]
    public void The_gallery_groups_the_drawings_by_label()
    {
        saved.Add(7);
        saved.Add(1);
        saved.Add(7);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=saved-drawing]").Count), Patience);
        Assert.Single(page.FindAll("[data-testid=gallery-label-1] [data-testid=saved-drawing]"));
        Assert.Equal(2, page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]").Count);
        Assert.Equal(["gallery-label-1", "gallery-label-7"], page.FindAll("[data-testid^=gallery-label-]").Select(g => g.GetAttribute("data-testid")));
        Assert.Contains("3 saved drawings", page.Find("[data-testid=drawings-count]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=saved-image]").GetAttribute("data-ink-pixels"));
        Assert.Contains("said 1", page.Find("[data-testid=saved-verdict]").TextContent);
        Assert.Equal(["/?drawing=2", "/?drawing=1", "/?drawing=3"], page.FindAll("[data-testid=open-drawing]").Select(a => a.GetAttribute("href")));
        Assert.Equal("api/drawings/export/csv", page.Find("[data-testid=export-csv]").GetAttribute("href"));
        Assert.Equal("api/drawings/export/idx-images", page.Find("[data-testid=export-idx-images]").GetAttribute("href"));
        Assert.Equal("api/drawings/export/idx-labels", page.Find("[data-testid=export-idx-labels]").GetAttribute("href"));
        Assert.Equal("api/drawings/export/json", page.Find("[data-testid=export-archive]").GetAttribute("href"));
    }

    [Fact]
    public void Drawings_beyond_one_import_are_offered_with_their_strokes_in_as_many_files_and_in_one_again_once_they_fit()
    {
        saved.ArchiveBytesPerDrawing = DrawingsArchive.MostBytes / 3; // two drawings this large fill an archive
        foreach (var label in new[] { 1, 2, 3 })
        {
            saved.Add(label);
        }

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid^=export-archive-part-]").Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=export-archive]"));
        Assert.Contains("All, with strokes", page.Find("[data-testid=export-archive-parts]").TextContent);
        var parts = page.FindAll("[data-testid^=export-archive-part-]");
        Assert.Equal(["api/drawings/export/json?from=1&to=2", "api/drawings/export/json?from=3&to=3"], parts.Select(a => a.GetAttribute("href")));
        Assert.Equal(["1 of 2", "2 of 2"], parts.Select(a => a.TextContent.Trim()));
        Assert.Equal(["Drawings #1 to #2 (2)", "Drawing #3"], parts.Select(a => a.GetAttribute("title")));

        saved.ArchiveBytesPerDrawing = 2_000;
        page.InvokeAsync(() => saved.DeleteAsync(3));
        page.WaitForAssertion(() => Assert.Equal("api/drawings/export/json", page.Find("[data-testid=export-archive]").GetAttribute("href")), Patience);
        Assert.Empty(page.FindAll("[data-testid=export-archive-parts]"));
    }

    [Fact]
    public void The_owner_imports_an_archive_and_its_drawings_join_the_gallery()
    {
        saved.Add(7);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Archive(3, 1), "my-digits.json", contentType: "application/json"));

        page.WaitForAssertion(() => Assert.Equal("2 drawings imported from my-digits.json.", page.Find("[data-testid=import-status]").TextContent), Patience);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=saved-drawing]").Count), Patience);
        Assert.Single(page.FindAll("[data-testid=gallery-label-3] [data-testid=saved-drawing]"));
        Assert.Empty(page.FindAll("[data-testid=drawings-action-error]"));
    }

    [Fact]
    public void An_archive_with_a_drawing_not_valid_imports_nothing_and_says_which_and_why()
    {
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-drawings]")), Patience);
        var archive = System.Text.Encoding.UTF8.GetString(Archive(3, 1)).Replace("\"label\":1,", "\"label\":11,", StringComparison.Ordinal);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(archive, "old.json", contentType: "application/json"));

        page.WaitForAssertion(() => Assert.Equal(
            "Nothing was imported from old.json: drawings[1].label is 11; it must be a whole number 0..9.",
            page.Find("[data-testid=drawings-action-error]").TextContent), Patience);
        Assert.Empty(saved.Drawings);
        Assert.Empty(page.FindAll("[data-testid=import-status]"));
    }

    /// <summary>An archive of drawings with <paramref name="labels"/>, as "All, with strokes" downloads it.</summary>
    private static byte[] Archive(params int[] labels)
    {
        var strokes = new StrokeDrawing(280, 280, [new Stroke([new StrokePoint(140, 40), new StrokePoint(140, 240)], 20)]);
        var image = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(strokes).Pixels);
        using var output = new MemoryStream();
        DrawingsArchive.Write(output, labels.Select((label, i) => new SavedDrawing(
            new SavedDrawingSummary(i + 1, label, image, false, [], DateTimeOffset.UnixEpoch, null), strokes, null)));
        return output.ToArray();
    }

    [Fact]
    public void A_digit_with_many_drawings_shows_the_latest_until_all_are_asked_for()
    {
        var sevens = Enumerable.Range(0, MyDigitsPage.TilesPerLabel + 6).Select(_ => saved.Add(7)).ToArray();
        saved.Add(1);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(MyDigitsPage.TilesPerLabel, page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]").Count), Patience);
        Assert.Equal(
            sevens.Skip(6).Select(d => d.Id.ToString(CultureInfo.InvariantCulture)),
            page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]").Select(tile => tile.GetAttribute("data-id")));
        Assert.Contains($"(30)", page.Find("[data-testid=gallery-label-7] .digit-group__count").TextContent);
        Assert.Contains("The latest 24 of 30.", page.Find("[data-testid=gallery-label-7] .digit-group__more").TextContent);
        Assert.Empty(page.FindAll("[data-testid=gallery-label-1] .digit-group__more"));

        page.Find("[data-testid=gallery-show-all-7]").Click();

        Assert.Equal(30, page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]").Count);
        Assert.Empty(page.FindAll("[data-testid=gallery-show-all-7]"));
    }

    [Fact]
    public void Relabelling_moves_a_drawing_to_its_new_label()
    {
        var drawing = saved.Add(7);
        saved.Add(7);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]").Count), Patience);

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=relabel]").Change("2");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=gallery-label-2] [data-testid=saved-drawing]")), Patience);
        Assert.Single(page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]"));
        Assert.Equal(2, saved.Drawings.Single(d => d.Id == drawing.Id).Label);
    }

    [Fact]
    public void Relabelling_a_drawing_deleted_elsewhere_says_it_is_no_longer_saved()
    {
        var drawing = saved.Add(7);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        saved.DeleteElsewhere(drawing.Id);

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=relabel]").Change("2");

        page.WaitForAssertion(() => Assert.Equal($"Drawing #{drawing.Id} was not relabelled: it is no longer saved.",
            page.Find("[data-testid=drawings-action-error]").TextContent), Patience);
    }

    [Fact]
    public void A_refused_delete_says_why_and_keeps_the_drawing()
    {
        var drawing = saved.Add(3);
        saved.WriteFailure = new UnauthorizedAccessException("Only the server's owner can change saved drawings: sign in at /signin.");
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=delete-drawing]").Click();

        page.WaitForAssertion(() => Assert.Contains("sign in at /signin", page.Find("[data-testid=drawings-action-error]").TextContent), Patience);
        Assert.Single(page.FindAll("[data-testid=saved-drawing]"));
        Assert.Equal("signin?returnUrl=%2Fmy-digits", page.Find("[data-testid=owner-sign-in]").GetAttribute("href"));
    }

    [Fact]
    public void Delete_removes_the_drawing()
    {
        var drawing = saved.Add(3);
        saved.Add(5);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=saved-drawing]").Count), Patience);

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=delete-drawing]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=gallery-label-3]"));
        Assert.DoesNotContain(saved.Drawings, d => d.Id == drawing.Id);
    }

    [Fact]
    public async Task A_listing_that_answers_after_a_newer_one_does_not_bring_a_deleted_drawing_back()
    {
        var drawing = saved.Add(3);
        saved.Add(5);
        var slow = new TaskCompletionSource();
        saved.HoldNextListing = slow;
        var page = Render<MyDigitsPage>(); // its first listing waits on the slow database
        await page.InvokeAsync(() => saved.SaveAgainAsync(new SavedDrawing(saved.Drawings[1], DrawingPadGeometry.TypicalSeven, null)));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=saved-drawing]").Count), Patience);

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=delete-drawing]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=saved-drawing]").Count), Patience);
        slow.SetResult(); // the first listing, from before the deletion, answers last

        await Task.Delay(100);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=saved-drawing]").Count), Patience);
        Assert.Empty(page.FindAll($"[data-testid=saved-drawing][data-id='{drawing.Id}']"));
    }

    [Fact]
    public void A_change_that_finds_its_drawing_gone_reads_the_drawings_again()
    {
        var drawing = saved.Add(7);
        saved.Add(1);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=saved-drawing]").Count), Patience);
        saved.DeleteElsewhere(drawing.Id);

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=delete-drawing]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        Assert.Equal($"Drawing #{drawing.Id} was not deleted: it is no longer saved.", page.Find("[data-testid=drawings-action-error]").TextContent);
    }

    [Fact]
    public void A_deletion_can_be_undone_the_drawing_coming_back_as_it_was_under_a_new_id()
    {
        var first = saved.Add(3, readAsOneDigit: true);
        var second = saved.Add(5);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=saved-drawing]").Count), Patience);

        page.Find($"[data-testid=saved-drawing][data-id='{first.Id}'] [data-testid=delete-drawing]").Click();
        page.WaitForAssertion(() => Assert.Equal($"Drawing #{first.Id} (labelled 3) deleted. Undo",
            string.Join(' ', page.Find("[data-testid=drawing-deleted]").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))), Patience);
        // Only the last deletion is kept to undo.
        page.Find($"[data-testid=saved-drawing][data-id='{second.Id}'] [data-testid=delete-drawing]").Click();
        page.WaitForAssertion(() => Assert.Contains($"Drawing #{second.Id} (labelled 5) deleted.", page.Find("[data-testid=drawing-deleted]").TextContent), Patience);
        page.Find("[data-testid=undo-delete]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=gallery-label-5] [data-testid=saved-drawing]")), Patience);
        var back = Assert.Single(saved.Drawings);
        Assert.True(back.Id > second.Id);
        Assert.Equal(5, back.Label);
        Assert.Equal($"Drawing #{second.Id} is back, saved again as #{back.Id}.", page.Find("[data-testid=drawing-restored]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=undo-delete]"));
        Assert.Empty(page.FindAll("[data-testid=gallery-label-3]"));
    }

    [Fact]
    public void An_undo_the_database_refuses_says_why_and_can_be_tried_again()
    {
        var drawing = saved.Add(3);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        page.Find("[data-testid=delete-drawing]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=undo-delete]")), Patience);
        saved.WriteFailure = new DrawingStorageException(DrawingStorageFault.Busy, "The drawings database (drawings.db) is busy: try again in a moment.");

        page.Find("[data-testid=undo-delete]").Click();

        page.WaitForAssertion(() => Assert.StartsWith($"Drawing #{drawing.Id} was not put back: ", page.Find("[data-testid=drawings-action-error]").TextContent), Patience);
        Assert.Empty(saved.Drawings);
        saved.WriteFailure = null;
        page.Find("[data-testid=undo-delete]").Click();
        page.WaitForAssertion(() => Assert.Single(saved.Drawings), Patience);
        Assert.Empty(page.FindAll("[data-testid=drawings-action-error]"));
    }

    [Fact]
    public void Every_model_is_measured_on_the_drawings_beside_its_MNIST_accuracy()
    {
        saved.Add(7);
        saved.Add(7);
        saved.Add(1);
        saved.Add(3);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=drawings-accuracy-]").Count), Patience);
        // nn answers 1 every time: right on one drawing of four.
        Assert.Equal("0.25", page.Find("[data-testid=drawings-accuracy-nn] [data-testid=accuracy]").GetAttribute("data-value"));
        Assert.Equal("1", page.Find("[data-testid=drawings-accuracy-ensemble] [data-testid=accuracy]").GetAttribute("data-value"));
        Assert.Contains("99.00 %", page.Find("[data-testid=drawings-accuracy-nn]").TextContent);

        Assert.Equal("true", page.Find("[data-testid=drawings-confusion-model-ensemble]").GetAttribute("aria-selected"));
        page.Find("[data-testid=drawings-confusion-model-nn]").Click();

        Assert.Equal("2", page.Find("[data-testid=drawings-confusion-nn] [data-testid=drawings-confusion-cell-7-1]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=drawings-confusion-nn] [data-testid=drawings-confusion-cell-1-1]").TextContent);
        // No drawing is labelled 0: its row stays blank, not a shaded "0 classified correctly".
        var noZeros = page.Find("[data-testid=drawings-confusion-nn] [data-testid=drawings-confusion-cell-0-0]");
        Assert.Equal("", noZeros.TextContent);
        Assert.Equal("no drawings of 0", noZeros.GetAttribute("title"));
        Assert.Null(noZeros.GetAttribute("style"));
        Assert.Equal(11, page.FindAll("[data-testid=drawings-confusion-nn] [role=row]").Count);
    }

    [Fact]
    public void The_drawings_a_model_misreads_are_shown_each_opening_on_the_drawing_page_and_a_confusion_cell_filters_them()
    {
        var sevens = new[] { saved.Add(7), saved.Add(7) };
        saved.Add(1);
        var three = saved.Add(3);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=drawings-accuracy-]").Count), Patience);
        Assert.Equal("0", page.Find("[data-testid=drawings-misclassified-gallery]").GetAttribute("data-count"));

        page.Find("[data-testid=drawings-confusion-model-nn]").Click();

        // nn answers 1 to all: the two 7s and the 3 are misread, each a link to the drawing page with its strokes.
        var gallery = page.Find("[data-testid=drawings-misclassified-gallery]");
        Assert.Equal("3", gallery.GetAttribute("data-count"));
        Assert.Equal(
            [.. sevens.Select(d => $"/?drawing={d.Id}"), $"/?drawing={three.Id}"],
            gallery.QuerySelectorAll("a.digit-thumb").Select(a => a.GetAttribute("href")));
        Assert.Contains($"My digit #{three.Id}", gallery.QuerySelectorAll("a.digit-thumb")[2].GetAttribute("title"));
        Assert.All(gallery.QuerySelectorAll("a.digit-thumb img"), img => Assert.StartsWith("data:image/png;base64,", img.GetAttribute("src")));

        page.Find("[data-testid=drawings-confusion-nn] [data-testid=drawings-confusion-cell-7-1]").Click();

        gallery = page.Find("[data-testid=drawings-misclassified-gallery]");
        Assert.Equal("2", gallery.GetAttribute("data-count"));
        Assert.Contains("true 7 → predicted 1", page.Find("[data-testid=drawings-gallery-filter]").TextContent);
        Assert.Equal([.. sevens.Select(d => $"/?drawing={d.Id}")], gallery.QuerySelectorAll("a.digit-thumb").Select(a => a.GetAttribute("href")));

        page.Find("[data-testid=drawings-confusion-model-ensemble]").Click();
        Assert.Empty(page.FindAll("[data-testid=drawings-gallery-filter]"));
    }

    [Fact]
    public async Task The_measurement_says_how_many_drawings_the_models_now_see_otherwise_than_their_tiles_show()
    {
        saved.Add(7);
        saved.Add(1);
        var deleted = saved.Add(2);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=drawings-accuracy-]").Count), Patience);
        Assert.Empty(page.FindAll("[data-testid=read-again-today]"));

        saved.ChangedSinceSaved = 1;
        await page.InvokeAsync(() => saved.DeleteAsync(deleted.Id));

        page.WaitForAssertion(() => Assert.Equal(
            "1 of them is read from its strokes as the models would see them drawn today, which differs from the image on its tile (stored when saved, with the answers of that moment).",
            page.Find("[data-testid=read-again-today]").TextContent), Patience);
    }

    [Fact]
    public void A_tile_says_what_the_ensemble_reads_now_when_it_misreads_the_drawing()
    {
        saved.EnsembleAnswer = 7;
        var seven = saved.Add(7);
        var one = saved.Add(1);
        var four = saved.Add(4, ensembleSaid: 7);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=misread-now]").Count), Patience);
        var tile = page.Find($"[data-testid=saved-drawing][data-id='{one.Id}']");
        Assert.Equal("now read as 7", tile.QuerySelector("[data-testid=misread-now]")!.TextContent.Trim());
        // Misread when saved and still: the tile does not say it as news.
        Assert.Equal("still read as 7", page.Find($"[data-testid=saved-drawing][data-id='{four.Id}'] [data-testid=misread-now]").TextContent.Trim());
        Assert.Null(page.Find($"[data-testid=saved-drawing][data-id='{seven.Id}']").QuerySelector("[data-testid=misread-now]"));
    }

    [Fact]
    public async Task Drawings_unlike_any_learned_digit_are_marked_counted_and_shown_alone_on_request()
    {
        var seven = saved.Add(7);
        var scribble = saved.Add(3);
        var letter = saved.Add(4);
        saved.Unfamiliar.UnionWith([scribble.Id, letter.Id]);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=unfamiliar-now]").Count), Patience);
        Assert.Equal([scribble.Id, letter.Id], page.FindAll("[data-testid=saved-drawing]:has([data-testid=unfamiliar-now])")
            .Select(tile => long.Parse(tile.GetAttribute("data-id")!, CultureInfo.InvariantCulture)));
        Assert.Equal(
            "2 of them look unlike any digit the CNNs learned (marked in the gallery): a scribble or a letter saved as a digit would teach fine-tuning wrong, so check that each is a digit with its right label.",
            page.Find("[data-testid=unfamiliar-drawings]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=gallery-filter-misread]")); // the ensemble reads all three as labelled

        page.Find("[data-testid=gallery-filter-unfamiliar]").Change(true);

        Assert.Equal([scribble.Id, letter.Id], page.FindAll("[data-testid=saved-drawing]")
            .Select(tile => long.Parse(tile.GetAttribute("data-id")!, CultureInfo.InvariantCulture)));
        Assert.Contains("unlike any learned digit (2)", page.Find("[data-testid=gallery-filter]").TextContent);

        // Deleted, or measured familiar after a relabel or a new model: once none is left, the gallery shows all again.
        saved.Unfamiliar.Clear();
        await page.InvokeAsync(() => saved.DeleteAsync(letter.Id));
        page.WaitForAssertion(() => Assert.Equal([seven.Id, scribble.Id], page.FindAll("[data-testid=saved-drawing]")
            .Select(tile => long.Parse(tile.GetAttribute("data-id")!, CultureInfo.InvariantCulture)).Order()), Patience);
        Assert.Empty(page.FindAll("[data-testid=gallery-filter]"));
        Assert.Empty(page.FindAll("[data-testid=unfamiliar-drawings]"));
    }

    [Fact]
    public void The_gallery_shows_the_drawings_the_ensemble_misreads_now_alone_on_request()
    {
        saved.EnsembleAnswer = 7;
        var seven = saved.Add(7);
        var one = saved.Add(1);

        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=misread-now]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=gallery-filter-unfamiliar]"));

        page.Find("[data-testid=gallery-filter-misread]").Change(true);
        var shown = Assert.Single(page.FindAll("[data-testid=saved-drawing]"));
        Assert.Equal(one.Id.ToString(CultureInfo.InvariantCulture), shown.GetAttribute("data-id"));

        page.Find("[data-testid=gallery-filter-all]").Change(true);
        Assert.Equal(2, page.FindAll("[data-testid=saved-drawing]").Count);
        Assert.Single(page.FindAll($"[data-testid=saved-drawing][data-id='{seven.Id}']"));
    }

    [Fact]
    public void A_drawing_of_several_digits_saved_before_they_were_refused_is_marked_and_not_measured()
    {
        saved.Add(7);
        var several = saved.Add(1, severalDigits: true);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=drawings-accuracy-]").Count), Patience);
        var flagged = Assert.Single(page.FindAll("[data-testid=saved-drawing]:has([data-testid=several-digits])"));
        Assert.Equal(several.Id.ToString(CultureInfo.InvariantCulture), flagged.GetAttribute("data-id"));
        Assert.Contains("left out", flagged.QuerySelector("[data-testid=several-digits]")!.TextContent);
        Assert.StartsWith("1 drawing,", page.Find("[data-testid=drawings-measurement] .caption").TextContent);
        Assert.Contains("Left out: 1 saved drawing that looks like several digits", page.Find("[data-testid=several-digits-left-out]").TextContent);
    }

    [Fact]
    public void A_digit_in_parts_saved_as_one_digit_says_so_and_is_measured()
    {
        saved.Add(7);
        var inParts = saved.Add(0, readAsOneDigit: true);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid^=drawings-accuracy-]").Count), Patience);
        var marked = Assert.Single(page.FindAll("[data-testid=saved-drawing]:has([data-testid=read-as-one-digit])"));
        Assert.Equal(inParts.Id.ToString(CultureInfo.InvariantCulture), marked.GetAttribute("data-id"));
        Assert.Equal("one digit in parts, as you chose", marked.QuerySelector("[data-testid=read-as-one-digit]")!.TextContent.Trim());
        Assert.DoesNotContain("drawing-tile--left-out", marked.ClassName);
        Assert.StartsWith("2 drawings,", page.Find("[data-testid=drawings-measurement] .caption").TextContent);
    }

    [Fact]
    public void The_owner_says_a_drawing_left_out_as_several_digits_is_one_digit_and_can_take_it_back()
    {
        saved.Add(7);
        var inParts = saved.Add(0, severalDigits: true);
        var page = Render<MyDigitsPage>();
        var tile = $"[data-testid=saved-drawing][data-id='{inParts.Id}']";
        page.WaitForAssertion(() => Assert.StartsWith("1 drawing,", page.Find("[data-testid=drawings-measurement] .caption").TextContent), Patience);

        page.Find($"{tile} [data-testid=keep-as-one-digit]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll($"{tile} [data-testid=read-as-one-digit]")), Patience);
        Assert.Empty(page.FindAll($"{tile} [data-testid=several-digits]"));
        Assert.True(saved.Drawings.Single(d => d.Id == inParts.Id).ReadAsOneDigit);
        page.WaitForAssertion(() => Assert.StartsWith("2 drawings,", page.Find("[data-testid=drawings-measurement] .caption").TextContent), Patience);

        page.Find($"{tile} [data-testid=not-one-digit]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll($"{tile} [data-testid=several-digits]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=saved-drawing]:not([data-id='" + inParts.Id + "']) [data-testid=keep-as-one-digit]"));
    }

    [Fact]
    public void When_every_drawing_is_of_several_digits_the_measurement_says_so()
    {
        saved.Add(1, severalDigits: true);

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Contains(
            "Every saved drawing looks like several digits side by side", page.Find("[data-testid=drawings-measurement]").TextContent), Patience);
        Assert.Single(page.FindAll("[data-testid=several-digits]"));
    }

    [Fact]
    public void A_refused_database_shows_the_reason_with_the_file()
    {
        saved.Failure = FakeSavedDrawings.Refused("/srv/data/drawings.db");

        var page = Render<MyDigitsPage>();

        page.WaitForAssertion(() => Assert.Contains("/srv/data/drawings.db: is a SQLite database of another program", page.Find("[data-testid=drawings-error]").TextContent), Patience);
        Assert.Empty(page.FindAll("[data-testid=saved-drawing]"));
    }

    [Fact]
    public void A_drawing_saved_elsewhere_appears_without_reloading()
    {
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=no-drawings]")), Patience);

        saved.SaveAsync(4, new MnistBlazor.Shared.Imaging.StrokeDrawing(280, 280, []), null, []);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=gallery-label-4] [data-testid=saved-drawing]")), Patience);
    }

    [Fact]
    public void A_busy_database_during_a_relabel_is_reported_on_the_page_which_keeps_working()
    {
        var drawing = saved.Add(7);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        saved.WriteFailure = new DrawingStorageException(DrawingStorageFault.Busy, "The drawings database (drawings.db) is busy: try again in a moment.");

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=relabel]").Change("2");

        page.WaitForAssertion(() => Assert.Contains($"Drawing #{drawing.Id} was not relabelled: The drawings database (drawings.db) is busy",
            page.Find("[data-testid=drawings-action-error]").TextContent), Patience);
        Assert.Single(page.FindAll("[data-testid=gallery-label-7] [data-testid=saved-drawing]"));

        saved.WriteFailure = null;
        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=delete-drawing]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=saved-drawing]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=drawings-action-error]"));
    }

    [Fact]
    public void A_database_deleted_under_the_app_is_reported_when_deleting_a_drawing()
    {
        var drawing = saved.Add(3);
        var page = Render<MyDigitsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=saved-drawing]")), Patience);
        saved.WriteFailure = DrawingStorageException.Replaced("drawings.db");

        page.Find($"[data-testid=saved-drawing][data-id='{drawing.Id}'] [data-testid=delete-drawing]").Click();

        page.WaitForAssertion(() => Assert.Contains("was deleted or replaced while the app was running",
            page.Find("[data-testid=drawings-action-error]").TextContent), Patience);
    }
}
