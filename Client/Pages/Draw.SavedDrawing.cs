using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.SavedDrawings;
using MnistBlazor.Shared.Drawings;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// <c>/?drawing=12</c>: the drawing page loads saved drawing 12's strokes onto the pad (from My digits) and reads them
/// as the models do today: preprocessing, preview, every model's verdict, evidence and layers, so a person can see why
/// a model misreads one of their digits. Undo, clear and drawing more then work as on any drawing, and leave it. A
/// digit saved from an opened image has no strokes: its stored 28x28 image is read, the pad left empty.
/// </summary>
public sealed partial class Draw
{
    [Inject]
    private ISavedDrawings SavedDrawings { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "drawing")]
    public long? SavedDrawingId { get; set; }

    /// <summary>The saved drawing on the pad, or null while the pad holds a new drawing.</summary>
    private SavedSample? savedSample;

    /// <param name="Status">What became of the last relabelling, if any.</param>
    /// <param name="FromImage">Whether it was saved from an opened image (no strokes).</param>
    private sealed record SavedSample(long Id, SavedDrawingSummary? Drawing, string? Problem, string? Status = null, bool FromImage = false);

    private async Task ShowSavedDrawingAsync()
    {
        if (SavedDrawingId == savedSample?.Id)
        {
            return;
        }

        if (SavedDrawingId is not { } id)
        {
            // The address no longer names a saved drawing (navigation): its strokes leave the pad.
            savedSample = null;
            EmptyThePad();
            return;
        }

        SavedDrawing? saved;
        try
        {
            saved = await SavedDrawings.GetAsync(id);
        }
        catch (Exception e) when (SavedDrawingsFailures.IsUnusableDatabase(e))
        {
            savedSample = new SavedSample(id, null, $"Drawing #{id} cannot be read: {e.Message}");
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            savedSample = new SavedSample(id, null, e.Message);
            return;
        }

        savedSample = new SavedSample(id, saved?.Summary, saved is null ? $"There is no saved drawing #{id}: it may have been deleted." : null, FromImage: saved?.FromImage == true);
        if (saved is null)
        {
            return;
        }

        if (saved.FromImage)
        {
            // Saved from an opened image: its 28x28 image is all there is, read as it was saved.
            EmptyThePad();
            var cancellationToken = Supersede();
            try
            {
                await ShowVerdictsAsync(saved.Summary.ImageAsFloats(), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The person started drawing meanwhile.
            }

            return;
        }

        drawing = saved.Strokes;
        padLoad = saved.Strokes;
        // Saved as one digit though its ink stands in parts: read as the person chose then, until they choose otherwise.
        readingChosen = saved.Summary.ReadAsOneDigit ? (saved.Strokes, ReadingChoice.OneDigit) : null;
        await ClassifyNowAsync(saved.Strokes);
    }

    /// <summary>
    /// The owner gives the drawing on the pad another label (as on My digits); the page says what became of it.
    /// True when the drawing has the label now.
    /// </summary>
    private async Task<bool> RelabelSavedDrawingAsync(int label)
    {
        if (savedSample is not { Drawing: { } drawing } shown)
        {
            return false;
        }

        bool relabelled;
        try
        {
            relabelled = await SavedDrawings.RelabelAsync(shown.Id, label);
            savedSample = relabelled
                ? shown with { Drawing = drawing with { Label = label }, Status = $"Relabelled as {label}." }
                : shown with { Status = $"Not relabelled: drawing #{shown.Id} is no longer saved." };
        }
        catch (Exception e) when (SavedDrawingsFailures.IsRefusedChange(e))
        {
            relabelled = false;
            savedSample = shown with { Status = $"Not relabelled: {e.Message}" };
        }

        StateHasChanged(); // called by the banner's select, not through an event callback of this page
        return relabelled;
    }

    /// <summary>Drawing on the saved drawing (or undoing or clearing it) makes it a new drawing: the address goes back to <c>/</c>.</summary>
    private void LeaveSavedDrawing()
    {
        if (savedSample is not null)
        {
            savedSample = null;
            DropFromAddress("drawing");
        }
    }
}
