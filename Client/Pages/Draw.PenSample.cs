using Microsoft.AspNetCore.Components;
using MnistBlazor.Client.Insights;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Client.Pages;

/// <summary>
/// <c>/?pen=123</c>: the drawing page loads real pen digit 123's strokes onto the pad (from the pen-digit
/// gallery or browser) and classifies them exactly as a drawing: preprocessing, preview and every model's
/// verdict. Undo, clear and drawing more then work as on any drawing, and leave the pen digit.
/// </summary>
public sealed partial class Draw
{
    [Inject]
    private IPenDigits PenDigits { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "pen")]
    public int? PenIndex { get; set; }

    /// <summary>The pen digit on the pad, or null while the pad holds the person's own drawing.</summary>
    private PenSample? penSample;

    /// <summary>Strokes to put on the pad once it is rendered (it cannot take them before).</summary>
    private StrokeDrawing? padLoad;

    private sealed record PenSample(int Index, PenDigit? Digit, string? Problem);

    private async Task ShowPenSampleAsync()
    {
        if (PenIndex == penSample?.Index)
        {
            return;
        }

        if (PenIndex is not { } index)
        {
            // The address no longer names a pen digit (navigation): its strokes leave the pad.
            penSample = null;
            EmptyThePad();
            return;
        }

        var digit = (await PenDigits.LoadedAsync()).Find(index, out var problem);
        penSample = new PenSample(index, digit, problem);
        if (digit is null)
        {
            return;
        }

        var strokes = digit.ToDrawing();
        drawing = strokes;
        padLoad = strokes;
        await ClassifyNowAsync(strokes);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (padLoad is { } strokes && pad is not null)
        {
            padLoad = null;
            await pad.LoadAsync(strokes);
            await pad.FadeAsync(pad.Drawing, PreviewStrokesLeftOut); // a writer's stray tap, found when the sample was read
        }
    }

    /// <summary>Drawing on the pen digit (or undoing or clearing it) makes it the person's drawing: the address goes back to <c>/</c>.</summary>
    private void LeavePenSample()
    {
        if (penSample is not null)
        {
            penSample = null;
            DropFromAddress("pen");
        }
    }
}
