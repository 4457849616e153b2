using Bunit;
using MnistBlazor.Client.Drawing;

namespace MnistBlazor.Client.Tests.Drawing;

/// <summary>Stands in for the pad's canvas module in the browser: what it sends to .NET.</summary>
public static class CanvasModule
{
    private static int lastStrokeNumber;

    /// <summary>A finished stroke (x0, y0, x1, y1... in canvas units), numbered after the last one, as the module numbers them.</summary>
    public static Task FinishStrokeAsync(this IRenderedComponent<DrawingPad> pad, float[] coordinates, float width) =>
        pad.InvokeAsync(() => pad.Instance.OnStrokeFinished(Interlocked.Increment(ref lastStrokeNumber), coordinates, width));
}
