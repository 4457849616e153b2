using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.ConfigLib;
using Plotly.Blazor.LayoutLib;

namespace MnistBlazor.Client.Charts;

/// <summary>
/// What the product's Plotly charts share: a static (no mode bar, no zoom) responsive config,
/// a transparent layout in the page's font and colours, and redrawing in place only when the
/// plotted values really changed.
/// </summary>
public abstract class PlotlyChartBase : ComponentBase
{
    protected const string GridColor = "#e2e8f0";

    protected PlotlyChart? Chart { get; set; }

    protected IList<ITrace> Data { get; set; } = [];

    protected Plotly.Blazor.Layout Layout { get; set; } = new();

    protected Config Config { get; } = new()
    {
        DisplayModeBar = DisplayModeBarEnum.False,
        DisplayLogo = false,
        Responsive = true,
        ScrollZoom = ScrollZoomFlag.False,
    };

    private string? drawnSignature;
    private bool plotted;

    [Parameter]
    public string Title { get; set; } = "";

    [Parameter]
    public string? TestId { get; set; }

    /// <summary>A text that changes whenever the drawn chart would change.</summary>
    protected abstract string Signature();

    protected static Plotly.Blazor.Layout TransparentLayout(int height, Margin margin, int fontSize) => new()
    {
        Height = height,
        Margin = margin,
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        ShowLegend = false,
        Font = new Plotly.Blazor.LayoutLib.Font { Size = fontSize, Color = "#475569" },
    };

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        var signature = Signature();
        if (firstRender)
        {
            // PlotlyChart draws itself with the first parameters it receives.
            plotted = true;
            drawnSignature = signature;
            return;
        }

        if (plotted && Chart is not null && signature != drawnSignature)
        {
            drawnSignature = signature;
            await Chart.React();
        }
    }
}
