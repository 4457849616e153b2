namespace MnistBlazor.Client.Charts;

/// <summary>WCAG 2 contrast between colours written as #rrggbb (text asks 4.5:1, chart lines and marks 3:1).</summary>
public static class ColorContrast
{
    public static double Ratio(string first, string second)
    {
        var (a, b) = (RelativeLuminance(first), RelativeLuminance(second));
        return (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
    }

    public static (int R, int G, int B) Parse(string hex) =>
        hex is ['#', _, _, _, _, _, _] && hex[1..].All(char.IsAsciiHexDigit)
            ? (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16))
            : throw new FormatException($"Expected a colour as #rrggbb; got \"{hex}\".");

    private static double RelativeLuminance(string hex)
    {
        var (r, g, b) = Parse(hex);
        return 0.2126 * Linear(r) + 0.7152 * Linear(g) + 0.0722 * Linear(b);
    }

    private static double Linear(int channel)
    {
        var c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
