using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Drawing;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// An image file opened on the drawing page (a scan or photo of a handwritten digit) is preprocessed as the API
/// preprocesses images and classified in place of the drawing: its 28x28 image, every verdict, evidence and layers.
/// Drawing on the pad afterwards makes the pad's drawing the input again.
/// </summary>
public sealed partial class Draw
{
    /// <summary>The image file shown, or null while the page shows the drawing or a sample.</summary>
    private ImageFileSample? imageFile;

    private sealed record ImageFileSample(string FileName, string? Problem, string? PreparationNote, OpenedImagePreview? Preview);

    /// <summary>
    /// The opened image on the empty pad, the ink the models read boxed (once read as a number, each digit, touching ones
    /// parted included, the one shown standing out); null when none is shown.
    /// </summary>
    private RenderFragment? PadBackdrop => imageFile?.Preview is { } opened
        ? builder =>
        {
            var preview = number is not null && previewInk is { } ink ? opened with { InkRead = OpenedImagePreview.InkReadIn(ink) } : opened;
            builder.OpenComponent<OpenedImageView>(0);
            builder.AddComponentParameter(1, nameof(OpenedImageView.Preview), preview);
            builder.AddComponentParameter(2, nameof(OpenedImageView.Selected), number?.Digits.Count == preview.InkRead.Count ? selectedDigit : -1);
            builder.CloseComponent();
        }
        : null;

    private async Task OnImageOpenedAsync(OpenedImageFile opened)
    {
        LeaveMnistSample();
        LeavePenSample();
        LeaveSavedDrawing();
        EmptyThePad();
        var cancellationToken = Supersede();

        var digit = opened.Read.Digit;
        imageFile = new ImageFileSample(
            opened.FileName,
            opened.Read.Problem ?? (digit?.IsBlank == true ? $"{opened.FileName}: {digit.BlankReason}" : null),
            opened.PreparationNote,
            opened.Preview);
        if (digit is null || digit.IsBlank)
        {
            ShowBlank(DrawInvitation);
            return;
        }

        try
        {
            await ShowVerdictsAsync(digit, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The person started drawing or opened another image meanwhile.
        }
    }

    /// <summary>Drawing replaces an opened image.</summary>
    private void LeaveImageFile() => imageFile = null;
}
