using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Drawing;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// The drawing page: each change of the drawing is preprocessed into the 28x28 image the models
/// receive and, shortly after the last stroke, classified by every model.
/// </summary>
public sealed partial class Draw
{
    /// <summary>Quiet time after a stroke before classifying, so quick successive strokes classify once.</summary>
    public static readonly TimeSpan ClassificationDelay = TimeSpan.FromMilliseconds(120);

    /// <summary>Largest canvas capture sent along when a drawing is saved.</summary>
    private const long MaxCanvasPngBytes = 2 * 1024 * 1024;

    private const string DrawInvitation = "Draw a digit on the pad to see every model's verdict.";

    private CancellationTokenSource? pending;

    /// <summary>Counts the inputs (drawings, images, samples) the page was given, each superseding the one before.</summary>
    private long inputVersion;
    private DrawingPad? pad;
    private StrokeDrawing? drawing;
    private float[]? preview;

    /// <summary>
    /// The preprocessed drawing or image shown, whose parts side by side, strokes left out and width the page reports;
    /// null for a test image, which is MNIST's 28x28 already.
    /// </summary>
    private PreprocessedDigit? previewInk;

    /// <summary>How many parts of the shown ink stand side by side (<see cref="PreprocessedDigit.SideBySideParts"/>; 1 for a test image).</summary>
    private int PreviewParts => previewInk?.SideBySideParts ?? 1;

    /// <summary>The strokes of the shown drawing the models were not given (<see cref="PreprocessedDigit.StrokesLeftOut"/>).</summary>
    private IReadOnlyList<int> PreviewStrokesLeftOut => previewInk?.StrokesLeftOut ?? [];

    private DigitClassification? classification;
    private string invitation = DrawInvitation;

    protected override void OnInitialized() => Classifier.ModelsChanged += OnModelsChanged;

    /// <summary>Why the strokes on the pad were not read (only a dot, writing in rows): said under the pad, where they were drawn.</summary>
    private string? PadNotRead =>
        drawing is { Strokes.Count: > 0 } && classification is null && invitation != DrawInvitation ? invitation : null;

    /// <summary>Why the digit shown cannot be saved: My digits keeps drawings made on the pad and digits read from images.</summary>
    private string? NotSavedReason =>
        sample is { Problem: null } ? "A test image is not saved: My digits keeps drawings made on the pad and digits read from your images."
        // Fine-tuning learns from My digits: a pen digit saved there would no longer measure people the models never saw.
        : penSample is { Problem: null } ? "A real pen digit is not saved: it measures how the models read people they never learned from, and My digits teaches them. Draw on the pad to make it your own drawing."
        : savedSample is { Problem: null } ? $"Drawing #{savedSample.Id} is saved already: draw on the pad to make a new one."
        // A number is saved digit by digit: drawn, by the strokes of each; read from an image, the digit shown.
        // Ink in parts the person chose to read as one digit is saved so (SaveDrawingPanel.ReadAsOneDigit).
        : preview is not null && PreviewParts > 1 && numberSetAside is null && (imageFile is null ? numberDrawings is null : number is null)
            ? SavableDrawing.SeveralDigits(PreviewParts)
        : null;

    /// <summary>
    /// The address decides the input: a drawing, an MNIST test image (<c>?mnist=N</c>), a pen digit (<c>?pen=N</c>) or a
    /// saved drawing (<c>?drawing=N</c>).
    /// </summary>
    protected override async Task OnParametersSetAsync()
    {
        await ShowMnistSampleAsync();
        await ShowPenSampleAsync();
        await ShowSavedDrawingAsync();
    }

    /// <summary>Takes the shown strokes off the pad (once it is rendered): a sample the address no longer names, or an image opened instead.</summary>
    private void EmptyThePad()
    {
        drawing = null;
        padLoad = new StrokeDrawing(DrawingPadGeometry.CanvasSide, DrawingPadGeometry.CanvasSide, []);
    }

    /// <summary>The address without its <paramref name="name"/> query parameter (the sample it named has left the page), replacing this history entry.</summary>
    private void DropFromAddress(string name) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter(name, (string?)null), replace: true);

    private async Task OnDrawingChangedAsync(StrokeDrawing changed)
    {
        LeaveMnistSample();
        LeavePenSample();
        LeaveSavedDrawing();
        LeaveImageFile();
        if (changed.Strokes.Count > 0 && readingChosen is { } chosen && ReferenceEquals(chosen.Input, drawing))
        {
            readingChosen = (changed, chosen.Choice); // the choice stays with the drawing as it grows or loses a stroke
        }

        drawing = changed;
        var current = Supersede();

        if (changed.Strokes.Count == 0)
        {
            ShowBlank(DrawInvitation);
            return;
        }

        try
        {
            await Task.Delay(ClassificationDelay, current);
            await ClassifyAsync(changed, current);
        }
        catch (OperationCanceledException) when (current.IsCancellationRequested)
        {
            // A newer drawing superseded this one.
        }
    }

    private async Task ClassifyAsync(StrokeDrawing toClassify, CancellationToken cancellationToken)
    {
        var digit = DigitPreprocessor.Preprocess(toClassify, cancellationToken);
        if (digit.IsBlank)
        {
            ShowBlank(digit.BlankReason ?? DrawInvitation);
            return;
        }

        if (pad is not null)
        {
            await pad.FadeAsync(toClassify, digit.StrokesLeftOut); // the pad shows which ink the models were not given
        }

        await ShowVerdictsAsync(digit, cancellationToken);
    }

    /// <summary>
    /// Classifies a preprocessed drawing or image: as a number, digit by digit, when it holds several side by side or
    /// one after a minus sign, or when an image's ink, wide for one digit, reads surely as two touching digits (a digit
    /// of a number in an image too).
    /// </summary>
    private async Task ShowVerdictsAsync(PreprocessedDigit digit, CancellationToken cancellationToken)
    {
        (inkRead, readVersion) = (digit, inputVersion);
        var chosen = Chosen;
        DigitClassification? whole = null;
        NumberReading? setAside = null;
        if (await TouchingDigitsReading.ReadAsAskedAsync(Classifier, digit, async () => whole = await Classifier.ClassifyAsync(digit.Pixels, cancellationToken),
                twoDigitsAsked: chosen == ReadingChoice.Number, cancellationToken) is var (asNumber, numberRead, partedByChoice))
        {
            if (chosen != ReadingChoice.OneDigit)
            {
                await ShowNumberAsync(asNumber, numberRead, cancellationToken, partedByChoice);
                return;
            }

            setAside = numberRead;
        }

        await ShowVerdictsAsync(digit.Pixels, whole ?? await Classifier.ClassifyAsync(digit.Pixels, cancellationToken), cancellationToken, digit, setAside);
    }

    /// <summary>
    /// Classifies the 28x28 <paramref name="pixels"/> of a test image and shows them with every verdict, then their
    /// evidence and layers.
    /// </summary>
    private async Task ShowVerdictsAsync(float[] pixels, CancellationToken cancellationToken) =>
        await ShowVerdictsAsync(pixels, await Classifier.ClassifyAsync(pixels, cancellationToken), cancellationToken);

    /// <summary>
    /// Shows the 28x28 <paramref name="pixels"/> with <paramref name="result"/>, every verdict on them, then their
    /// evidence and layers; <paramref name="ink"/> is the drawing or image they were preprocessed from (none for a test image),
    /// <paramref name="numberSetAside"/> the number it reads as when the person chose to read it as one digit.
    /// </summary>
    private async Task ShowVerdictsAsync(
        float[] pixels, DigitClassification result, CancellationToken cancellationToken, PreprocessedDigit? ink = null, NumberReading? numberSetAside = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        (number, numberDrawings, this.numberSetAside) = (null, null, numberSetAside);
        previewInk = ink;
        await ShowClassifiedAsync(pixels, result, cancellationToken);
    }

    /// <summary>Shows <paramref name="pixels"/> with the verdicts <paramref name="result"/> on them, then their evidence and layers.</summary>
    private async Task ShowClassifiedAsync(float[] pixels, DigitClassification result, CancellationToken cancellationToken)
    {
        preview = pixels;
        classification = result;
        evidence = null;
        layers = null;
        StateHasChanged();
        await ExplainAsync(pixels, cancellationToken);
        await ViewLayersAsync(pixels, cancellationToken);
    }

    /// <summary>Cancels whatever the page was classifying; the returned token is cancelled by the next input in turn.</summary>
    private CancellationToken Supersede()
    {
        pending?.Cancel();
        pending?.Dispose();
        pending = new CancellationTokenSource();
        inputVersion++;
        return pending.Token;
    }

    /// <summary>Classifies <paramref name="toClassify"/> at once, superseding any pending classification; a newer drawing supersedes it.</summary>
    private async Task ClassifyNowAsync(StrokeDrawing toClassify)
    {
        var current = Supersede();
        try
        {
            await ClassifyAsync(toClassify, current);
        }
        catch (OperationCanceledException)
        {
            // Superseded by a newer drawing.
        }
    }

    private Task<byte[]?> CaptureCanvasAsync() =>
        pad?.CapturePngAsync(MaxCanvasPngBytes) ?? Task.FromResult<byte[]?>(null);

    private void ShowBlank(string message)
    {
        (number, numberDrawings, numberSetAside) = (null, null, null);
        preview = null;
        classification = null;
        evidence = null;
        layers = null;
        invitation = message;
        StateHasChanged();
    }

    private void OnModelsChanged() =>
        _ = InvokeAsync(async () =>
        {
            if (drawing is { Strokes.Count: > 0 } current && classification is not null)
            {
                await ClassifyNowAsync(current);
            }
            else
            {
                StateHasChanged();
            }
        });

    public void Dispose()
    {
        Classifier.ModelsChanged -= OnModelsChanged;
        pending?.Cancel();
        pending?.Dispose();
    }
}
