using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Client.Drawing;

/// <summary>
/// A canvas to draw a digit on. The canvas module draws locally and sends each finished stroke here
/// (never every pointer move); this component keeps the strokes and reports every change.
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
    private ElementReference canvas;
    private IJSObjectReference? module;
    private DotNetObjectReference<DrawingPad>? selfReference;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>Raised after a stroke was added, undone or the pad cleared, with the drawing as it is now.</summary>
    [Parameter]
    public EventCallback<StrokeDrawing> DrawingChanged { get; set; }

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
        await module.InvokeVoidAsync("attach", canvas, selfReference, CanvasSide, PenWidth);
        if (strokes.Count > 0)
        {
            // Strokes loaded before the canvas module was there.
            await SendStrokesAsync();
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
        strokes.Clear();
        strokes.AddRange(drawing.Strokes.Where(s => s.Points.Count > 0).Select(s => new Stroke(
            s.Points.Select(p => new StrokePoint(Math.Clamp(p.X * scale, 0, CanvasSide), Math.Clamp(p.Y * scale, 0, CanvasSide))).ToArray(),
            s.Width * scale)));
        StateHasChanged();
        if (module is not null)
        {
            await SendStrokesAsync();
        }
    }

    private Task SendStrokesAsync() =>
        module!.InvokeVoidAsync("setStrokes", canvas, strokes.Select(PadStroke.Of).ToArray()).AsTask();

    /// <summary>
    /// Called by the canvas module when a stroke ends: x0, y0, x1, y1... in canvas units. The pen must be
    /// one the slider offers and the drawing must stay within <see cref="DrawingLimits"/>, the limits
    /// the HTTP API applies.
    /// </summary>
    [JSInvokable]
    public Task OnStrokeFinished(float[] coordinates, float width)
    {
        if (coordinates is null || coordinates.Length < 2 || coordinates.Length % 2 != 0
            || coordinates.Length > MaxCoordinatesPerStroke
            || !(width >= MinPenWidth && width <= MaxPenWidth)
            || coordinates.Any(c => !float.IsFinite(c)))
        {
            // Nothing a well-behaved canvas sends; ignore it rather than break the circuit.
            return Task.CompletedTask;
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
            return RefuseStrokeAsync(e.Message);
        }

        strokes.Add(stroke);
        return NotifyChangedAsync();
    }

    /// <summary>Why the last stroke was not kept (too many points, a path far too long for a digit), or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The canvas already shows the refused stroke: it is told the strokes that were kept, and the pad says why.</summary>
    private async Task RefuseStrokeAsync(string reason)
    {
        Refusal = $"That stroke was not kept: {reason}";
        StateHasChanged();
        if (module is not null)
        {
            await SendStrokesAsync();
        }
    }

    /// <summary>Called by the canvas module after it undid the last stroke (keyboard shortcut).</summary>
    [JSInvokable]
    public Task OnUndoneInCanvas()
    {
        if (strokes.Count == 0)
        {
            return Task.CompletedTask;
        }

        strokes.RemoveAt(strokes.Count - 1);
        return NotifyChangedAsync();
    }

    /// <summary>Called by the canvas module after it cleared itself (keyboard shortcut).</summary>
    [JSInvokable]
    public Task OnClearedInCanvas()
    {
        if (strokes.Count == 0)
        {
            return Task.CompletedTask;
        }

        strokes.Clear();
        return NotifyChangedAsync();
    }

    public async Task UndoAsync()
    {
        if (strokes.Count == 0)
        {
            return;
        }

        strokes.RemoveAt(strokes.Count - 1);
        if (module is not null)
        {
            await module.InvokeVoidAsync("undo", canvas);
        }

        await NotifyChangedAsync();
    }

    public async Task ClearAsync()
    {
        if (strokes.Count == 0)
        {
            return;
        }

        strokes.Clear();
        if (module is not null)
        {
            await module.InvokeVoidAsync("clear", canvas);
        }

        await NotifyChangedAsync();
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

    private async Task OnPenWidthChangedAsync(ChangeEventArgs e)
    {
        if (!float.TryParse(Convert.ToString(e.Value, System.Globalization.CultureInfo.InvariantCulture),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var width))
        {
            return;
        }

        PenWidth = Math.Clamp(width, MinPenWidth, MaxPenWidth);
        if (module is not null)
        {
            await module.InvokeVoidAsync("setPenWidth", canvas, PenWidth);
        }
    }

    private async Task NotifyChangedAsync()
    {
        Refusal = null;
        StateHasChanged();
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

/// <summary>A stroke as the canvas module keeps it: its pen width and its points as [x, y] pairs.</summary>
public sealed record PadStroke(float Width, float[][] Points)
{
    public static PadStroke Of(Stroke stroke) => new(stroke.Width, stroke.Points.Select(p => new[] { p.X, p.Y }).ToArray());
}
