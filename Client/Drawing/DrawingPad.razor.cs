using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Drawing;

/// <summary>
/// A canvas to draw a digit on. This component owns the strokes: the canvas module draws the stroke in
/// progress and sends each finished one here (never every pointer move), and after every change (a
/// stroke kept or refused, undo, redo, clear, a drawing loaded) it is told the strokes to show. Its undo, redo and
/// clear keys call <see cref="UndoAsync"/>, <see cref="RedoAsync"/> and <see cref="ClearAsync"/>, as the buttons do.
/// </summary>
public sealed partial class DrawingPad
{
    /// <summary>The pad's logical side: stroke coordinates and widths are in these units.</summary>
    public const int CanvasSide = DrawingPadGeometry.CanvasSide;
    public const float MinPenWidth = DrawingPadGeometry.MinPenWidth;
    public const float MaxPenWidth = DrawingPadGeometry.MaxPenWidth;
    public const float DefaultPenWidth = DrawingPadGeometry.DefaultPenWidth;

    /// <summary>Upper bound on coordinates accepted from the browser for one stroke (x and y each count).</summary>
    public const int MaxCoordinatesPerStroke = 2 * DrawingLimits.MaxTotalPoints;

    private readonly List<Stroke> strokes = [];
    private readonly PadHistory history = new();
    private ElementReference canvas;
    private ElementReference penWidthInput;
    private IJSObjectReference? module;
    private DotNetObjectReference<DrawingPad>? selfReference;

    /// <summary>The highest number the canvas module gave a finished stroke; it keeps showing later ones until they are answered.</summary>
    private int lastAnsweredStroke;

    /// <summary>The strokes shown faded (their indexes), until the strokes change: ink the models were not given.</summary>
    private IReadOnlySet<int> faded = new HashSet<int>();

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>Raised after a stroke was added, undone or the pad cleared, with the drawing as it is now.</summary>
    [Parameter]
    public EventCallback<StrokeDrawing> DrawingChanged { get; set; }

    /// <summary>
    /// Shown over the empty pad in place of its hint (an opened image), until ink is drawn: the canvas module hides it as
    /// soon as a stroke starts. It must let the pointer through to the canvas.
    /// </summary>
    [Parameter]
    public RenderFragment? Backdrop { get; set; }

    public float PenWidth { get; private set; } = DefaultPenWidth;

    public IReadOnlyList<Stroke> Strokes => strokes;

    public StrokeDrawing Drawing => new(CanvasSide, CanvasSide, strokes.ToArray());

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        module = await JS.InvokeAsync<IJSObjectReference>("import", "./_content/MnistBlazor.Client/Drawing/DrawingPad.razor.js");
        selfReference = DotNetObjectReference.Create(this);
        await module.InvokeVoidAsync("attach", canvas, selfReference, CanvasSide, PenWidth, penWidthInput);
        if (strokes.Count > 0)
        {
            // Strokes loaded before the canvas module was there.
            await ShowStrokesAsync();
        }
    }

    /// <summary>
    /// Replaces what is on the pad with <paramref name="drawing"/>'s strokes (scaled to the pad when its
    /// size differs) and shows them; undo, clear and further strokes then work as after drawing them.
    /// Does not raise <see cref="DrawingChanged"/>: the caller knows what it loaded.
    /// </summary>
    public async Task LoadAsync(StrokeDrawing drawing)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        var scale = (float)CanvasSide / Math.Max(1, Math.Max(drawing.Width, drawing.Height));
        faded = new HashSet<int>();
        strokes.Clear();
        strokes.AddRange(drawing.Strokes.Where(s => s.Points.Count > 0).Select(s => new Stroke(
            s.Points.Select(p => new StrokePoint(Math.Clamp(p.X * scale, 0, CanvasSide), Math.Clamp(p.Y * scale, 0, CanvasSide))).ToArray(),
            s.Width * scale)));
        history.Loaded(strokes);
        StateHasChanged();
        await ShowStrokesAsync();
    }

    /// <summary>Tells the canvas module the strokes to show, and up to which of its finished strokes they answer.</summary>
    private async Task ShowStrokesAsync()
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("showStrokes", canvas, strokes.Select((stroke, i) => PadStroke.Of(stroke, faded.Contains(i))).ToArray(), lastAnsweredStroke);
        }
    }

    /// <summary>
    /// Shows the strokes of <paramref name="drawing"/> at <paramref name="indexes"/> faded (ink the models were not given:
    /// <see cref="PreprocessedDigit.StrokesLeftOut"/>), while the pad still holds that drawing; a later change of the
    /// strokes shows them all in full again.
    /// </summary>
    public async Task FadeAsync(StrokeDrawing drawing, IReadOnlyList<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(drawing);
        ArgumentNullException.ThrowIfNull(indexes);
        var wanted = indexes.ToHashSet();
        if (!drawing.Strokes.SequenceEqual(strokes, ReferenceEqualityComparer.Instance) || wanted.SetEquals(faded))
        {
            return;
        }

        faded = wanted;
        await ShowStrokesAsync();
    }

    /// <summary>
    /// Called by the canvas module when a stroke ends: its number (counting up from 1) and x0, y0, x1,
    /// y1... in canvas units. The pen must be one the slider offers and the drawing must stay within
    /// <see cref="DrawingLimits"/>, the limits the HTTP API applies. Every stroke is answered with the
    /// strokes to show, so the canvas drops a stroke that was not kept.
    /// </summary>
    [JSInvokable]
    public async Task OnStrokeFinished(int strokeNumber, float[] coordinates, float width)
    {
        lastAnsweredStroke = Math.Max(lastAnsweredStroke, strokeNumber);
        if (coordinates is null || coordinates.Length < 2 || coordinates.Length % 2 != 0
            || coordinates.Length > MaxCoordinatesPerStroke
            || !(width >= MinPenWidth && width <= MaxPenWidth)
            || coordinates.Any(c => !float.IsFinite(c)))
        {
            // Nothing a well-behaved canvas sends; drop it rather than break the circuit.
            await ShowStrokesAsync();
            return;
        }

        var points = new StrokePoint[coordinates.Length / 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new StrokePoint(Math.Clamp(coordinates[2 * i], 0, CanvasSide), Math.Clamp(coordinates[2 * i + 1], 0, CanvasSide));
        }

        var stroke = new Stroke(points, width);
        try
        {
            DrawingLimits.Validate(new StrokeDrawing(CanvasSide, CanvasSide, [.. strokes, stroke]));
        }
        catch (ArgumentException e)
        {
            // The canvas still shows the refused stroke until it is told the strokes that were kept.
            Refusal = $"That stroke was not kept: {e.Message}";
            StateHasChanged();
            await ShowStrokesAsync();
            return;
        }

        strokes.Add(stroke);
        history.Drew(stroke);
        await ShowChangeAsync();
    }

    /// <summary>Why the last stroke was not kept (too many points, a path far too long for a digit), or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>
    /// Undoes the latest change: takes the last stroke drawn off the pad, or brings back the strokes a clear took off. The
    /// Undo button and the canvas module's Ctrl/Cmd+Z.
    /// </summary>
    [JSInvokable]
    public async Task UndoAsync()
    {
        if (history.Undo(strokes))
        {
            await ShowChangeAsync();
        }
    }

    /// <summary>Does the latest change undone again: the Redo button and the canvas module's Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y.</summary>
    [JSInvokable]
    public async Task RedoAsync()
    {
        if (history.Redo(strokes))
        {
            await ShowChangeAsync();
        }
    }

    /// <summary>Takes every stroke off the pad (Undo brings them back): the Clear button and the canvas module's Delete and Escape keys.</summary>
    [JSInvokable]
    public async Task ClearAsync()
    {
        if (strokes.Count == 0)
        {
            return;
        }

        history.Cleared(strokes);
        strokes.Clear();
        await ShowChangeAsync();
    }

    /// <summary>
    /// The canvas as a PNG (streamed, so SignalR's message limit does not apply), or null when the
    /// browser cannot give one or it exceeds <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<byte[]?> CapturePngAsync(long maxBytes, CancellationToken cancellationToken = default)
    {
        if (module is null || strokes.Count == 0)
        {
            return null;
        }

        try
        {
            var reference = await module.InvokeAsync<IJSStreamReference?>("capturePng", cancellationToken, canvas);
            if (reference is null || reference.Length == 0 || reference.Length > maxBytes)
            {
                return null;
            }

            await using (reference)
            {
                await using var stream = await reference.OpenReadStreamAsync(maxBytes, cancellationToken);
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken);
                return buffer.ToArray();
            }
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or IOException or InvalidOperationException)
        {
            return null; // the capture is optional; the strokes and the 28x28 image are what matter
        }
    }

    /// <summary>Records the slider's width for the display; the canvas module follows the slider itself.</summary>
    private void OnPenWidthChanged(ChangeEventArgs e)
    {
        if (float.TryParse(Convert.ToString(e.Value, System.Globalization.CultureInfo.InvariantCulture),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var width))
        {
            PenWidth = Math.Clamp(width, MinPenWidth, MaxPenWidth);
        }
    }

    /// <summary>
    /// After the strokes changed: the canvas is told first, since <see cref="DrawingChanged"/>'s handler may
    /// take a while (the drawing page classifies before it returns).
    /// </summary>
    private async Task ShowChangeAsync()
    {
        (Refusal, faded) = (null, new HashSet<int>());
        StateHasChanged();
        await ShowStrokesAsync();
        await DrawingChanged.InvokeAsync(Drawing);
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("detach", canvas);
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone; nothing left to detach.
            }
        }

        selfReference?.Dispose();
    }
}

/// <summary>A stroke as the canvas module is given it to show: its pen width, its points as [x, y] pairs, and whether it is faded.</summary>
public sealed record PadStroke(float Width, float[][] Points, bool Faded = false)
{
    public static PadStroke Of(Stroke stroke, bool faded = false) => new(stroke.Width, stroke.Points.Select(p => new[] { p.X, p.Y }).ToArray(), faded);
}
