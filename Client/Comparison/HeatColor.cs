using System.Globalization;
using MnistBlazor.Client.Charts;

namespace MnistBlazor.Client.Comparison;

/// <summary>
/// A heat-map cell's colour, a share of the way from a pale end to a strong one, with the text colour that reads on
/// it: black or white, whichever contrasts more, which is always at least 4.58:1 (WCAG AA asks 4.5:1). Computed
/// here rather than with CSS color-mix so that the text colour can follow the background.
/// </summary>
public readonly record struct HeatColor(string Background, string Text)
{
    /// <summary>Right answers of a confusion matrix: pale blue to deep blue.</summary>
    public static HeatColor Diagonal(double share) => Between("#bfdbfe", "#1e3a8a", share);

    /// <summary>Mistakes of a confusion matrix: near white to red.</summary>
    public static HeatColor Mistakes(double share) => Between("#f8fafc", "#dc2626", share);

    /// <summary>Per-class accuracies: pale red (the lowest shaded) to green (all right).</summary>
    public static HeatColor Accuracy(double share) => Between("#fecaca", "#16a34a", share);

    /// <summary>The inline style that paints a cell.</summary>
    public string Style => $"background: {Background}; color: {Text}";

    public static HeatColor Between(string pale, string strong, double share)
    {
        var weight = Math.Clamp(share, 0, 1);
        var (r1, g1, b1) = ColorContrast.Parse(pale);
        var (r2, g2, b2) = ColorContrast.Parse(strong);
        var background = string.Create(
            CultureInfo.InvariantCulture, $"#{Mix(r1, r2, weight):x2}{Mix(g1, g2, weight):x2}{Mix(b1, b2, weight):x2}");
        var text = ColorContrast.Ratio(background, White) >= ColorContrast.Ratio(background, Black) ? White : Black;
        return new HeatColor(background, text);
    }

    private const string White = "#ffffff";
    private const string Black = "#000000";

    private static int Mix(int from, int to, double weight) => (int)Math.Round(from + (to - from) * weight);
}
