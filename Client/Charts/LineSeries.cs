namespace MnistBlazor.Client.Charts;

/// <summary>One line of a <see cref="LineChart"/>: y values at x positions (a null y leaves a gap).</summary>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double?> Y, string Color, bool Dashed = false)
{
    /// <summary>Legend group: lines of the same model toggle together.</summary>
    public string? Group { get; init; }
}
