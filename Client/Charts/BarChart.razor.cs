using System.Globalization;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace MnistBlazor.Client.Charts;

/// <summary>A small Plotly bar chart of one series, redrawn in place when the values change.</summary>
public sealed partial class BarChart : PlotlyChartBase
{
    [Parameter, EditorRequired]
    public IReadOnlyList<float> Values { get; set; } = [];

    /// <summary>Bar labels; defaults to 0, 1, 2...</summary>
    [Parameter]
    public IReadOnlyList<string>? Labels { get; set; }

    /// <summary>Index of a bar drawn in the accent colour (e.g. the predicted digit).</summary>
    [Parameter]
    public int? HighlightIndex { get; set; }

    /// <summary>Fixed top of the value axis (e.g. 1 for probabilities); automatic when null.</summary>
    [Parameter]
    public double? ValueAxisMax { get; set; }

    [Parameter]
    public int Height { get; set; } = 120;

    [Parameter]
    public string Color { get; set; } = "#94a3b8";

    [Parameter]
    public string HighlightColor { get; set; } = "#2563eb";

    [Parameter]
    public string ValueFormat { get; set; } = "0.000";

    /// <summary>Show every label on the category axis (off for long series).</summary>
    [Parameter]
    public bool ShowAllLabels { get; set; } = true;

    private string LabelAt(int index) =>
        Labels is { } labels && index < labels.Count ? labels[index] : index.ToString(CultureInfo.InvariantCulture);

    protected override void OnParametersSet()
    {
        var labels = Enumerable.Range(0, Values.Count).Select(LabelAt).ToArray();
        Data =
        [
            new Bar
            {
                X = labels.Cast<object>().ToList(),
                Y = Values.Select(v => (object)Math.Round(v, 4)).ToList(),
                Marker = new Plotly.Blazor.Traces.BarLib.Marker
                {
                    ColorArray = Enumerable.Range(0, Values.Count)
                        .Select(i => (object)(i == HighlightIndex ? HighlightColor : Color))
                        .ToList(),
                },
                HoverTemplate = "%{x}: %{y:.3f}<extra></extra>",
            },
        ];
        Layout = TransparentLayout(Height, new Margin { L = 28, R = 6, T = 6, B = 22 }, fontSize: 10);
        Layout.BarGap = 0.15m;
        Layout.XAxis =
        [
            new XAxis
            {
                Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category,
                FixedRange = true,
                TickMode = ShowAllLabels ? Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Linear : null,
            },
        ];
        Layout.YAxis =
        [
            new YAxis
            {
                FixedRange = true,
                Range = ValueAxisMax is { } max ? [0, max] : null,
                GridColor = GridColor,
                NTicks = 3,
            },
        ];
    }

    protected override string Signature() =>
        string.Join(",", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "|" + HighlightIndex + "|" + HighlightColor + "|" + Color;
}
