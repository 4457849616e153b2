using System.Globalization;

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
        var (r1, g1, b1) = Parse(pale);
        var (r2, g2, b2) = Parse(strong);
        var (r, g, b) = (Mix(r1, r2, weight), Mix(g1, g2, weight), Mix(b1, b2, weight));
        var background = string.Create(CultureInfo.InvariantCulture, $"#{r:x2}{g:x2}{b:x2}");
        return new HeatColor(background, ContrastWithWhite(r, g, b) >= ContrastWithBlack(r, g, b) ? "#ffffff" : "#000000");
    }

    /// <summary>WCAG 2 contrast ratio of white text on the colour.</summary>
    public static double ContrastWithWhite(int r, int g, int b) => 1.05 / (RelativeLuminance(r, g, b) + 0.05);

    /// <summary>WCAG 2 contrast ratio of black text on the colour.</summary>
    public static double ContrastWithBlack(int r, int g, int b) => (RelativeLuminance(r, g, b) + 0.05) / 0.05;

    public static (int R, int G, int B) Parse(string hex) =>
        hex is ['#', _, _, _, _, _, _]
            ? (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16))
            : throw new FormatException($"Expected a colour as #rrggbb; got \"{hex}\".");

    private static int Mix(int from, int to, double weight) => (int)Math.Round(from + (to - from) * weight);

    private static double RelativeLuminance(int r, int g, int b) =>
        0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);

    private static double Linear(int channel)
    {
        var c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
