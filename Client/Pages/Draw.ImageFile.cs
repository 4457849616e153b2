using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Imaging;

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

    /// <summary>The button that opened the image, which reads a part of it, or the whole again.</summary>
    private ImageFileButton? imageButton;

    /// <summary>Whether a box dragged on the opened image chooses the part of it to read.</summary>
    private bool choosingPart;

    private sealed record ImageFileSample(string FileName, string? Problem, string? PreparationNote, OpenedImagePreview? Preview, ImagePart? Part);

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
            builder.AddComponentParameter(3, nameof(OpenedImageView.Choosing), choosingPart);
            builder.AddComponentParameter(4, nameof(OpenedImageView.PartChosen), EventCallback.Factory.Create<ImagePart>(this, ReadPartAsync));
            builder.AddComponentParameter(5, nameof(OpenedImageView.ChoosingCalledOff), EventCallback.Factory.Create(this, CancelChoosingPart));
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
        previewInk = null; // what is saved of the image is the digit read from it, once read

        var digit = opened.Read.Digit;
        imageFile = new ImageFileSample(
            opened.FileName,
            opened.Read.Problem ?? (digit?.IsBlank == true ? $"{opened.FileName}: {digit.BlankReason}" : null),
            opened.PreparationNote,
            opened.Preview,
            opened.Part);
        choosingPart = false;
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

    /// <summary>
    /// What "Save as digit N" keeps of an opened image: the digit read from it (of a number, the digit shown), or null
    /// while nothing is read of it.
    /// </summary>
    private PreprocessedDigit? ImageDigitToSave =>
        imageFile is { Problem: null } && previewInk is { IsBlank: false } ink
            ? number is null ? ink : NumberInk?[selectedDigit]
            : null;

    private void StartChoosingPart() => choosingPart = imageFile?.Preview is not null;

    private void CancelChoosingPart() => choosingPart = false;

    /// <summary>Reads the part of the opened image a box was dragged around, in place of what was read of it.</summary>
    private async Task ReadPartAsync(ImagePart part)
    {
        choosingPart = false;
        if (imageButton is not null)
        {
            await imageButton.ReadPartAsync(part);
        }
    }

    private async Task ReadWholeImageAsync()
    {
        choosingPart = false;
        if (imageButton is not null)
        {
            await imageButton.ReadWholeAsync();
        }
    }

    /// <summary>Drawing replaces an opened image.</summary>
    private void LeaveImageFile() => (imageFile, choosingPart) = (null, false);
}
