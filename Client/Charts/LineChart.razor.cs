using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MnistBlazor.Client.Charts;

/// <summary>A Plotly line chart of several series over a shared x axis (e.g. epochs), redrawn in place when they change.</summary>
public sealed partial class LineChart : PlotlyChartBase
{
    [Parameter, EditorRequired]
    public IReadOnlyList<LineSeries> Series { get; set; } = [];

    [Parameter]
    public string XAxisTitle { get; set; } = "epoch";

    [Parameter]
    public string? YAxisTitle { get; set; }

    /// <summary>Logarithmic value axis (for learning rates and losses spanning decades).</summary>
    [Parameter]
    public bool LogScale { get; set; }

    /// <summary>d3 format of values in the hover label, e.g. ".4f" or ".3e".</summary>
    [Parameter]
    public string HoverFormat { get; set; } = ".4f";

    /// <summary>.NET format of values in the hidden data table.</summary>
    [Parameter]
    public string ValueFormat { get; set; } = "0.######";

    [Parameter]
    public int Height { get; set; } = 300;

    protected override void OnParametersSet()
    {
        Data = Series.Select(ToTrace).ToList();
        // No legend: the page's model chips are the colour key; hover names each line.
        Layout = TransparentLayout(Height, new Margin { L = 56, R = 12, T = 8, B = 40 }, fontSize: 11);
        Layout.HoverMode = HoverModeEnum.Closest;
        Layout.XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = XAxisTitle },
                GridColor = GridColor,
                ZeroLine = false,
                RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.NonNegative,
            },
        ];
        Layout.YAxis =
        [
            new YAxis
            {
                Title = YAxisTitle is null ? null : new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = YAxisTitle },
                Type = LogScale ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
                GridColor = GridColor,
                ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power,
            },
        ];
    }

    private ITrace ToTrace(LineSeries series) => new Scatter
    {
        Name = series.Name,
        LegendGroup = series.Group,
        X = series.X.Cast<object>().ToList(),
        Y = series.Y.Select(y => y is { } value && (!LogScale || value > 0) ? (object)value : null!).ToList(),
        Mode = ModeFlag.Lines | ModeFlag.Markers,
        Line = new Line { Color = series.Color, Width = 2, Dash = series.Dashed ? "dash" : "solid" },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = series.Color, Size = 5 },
        ConnectGaps = false,
        HoverTemplate = $"<b>%{{fullData.name}}</b><br>{XAxisTitle} %{{x}}: %{{y:{HoverFormat}}}<extra></extra>",
    };

    protected override string Signature() =>
        string.Join(";", Series.Select(s =>
            s.Name + ":" + s.Color + ":" + s.Dashed + ":" + string.Join(",", s.X.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))
            + ":" + string.Join(",", s.Y.Select(y => y?.ToString("R", CultureInfo.InvariantCulture))))) + "|" + LogScale + "|" + XAxisTitle;
}
