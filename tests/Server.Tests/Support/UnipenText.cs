using System.Globalization;
using System.Text;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>
/// Writes small UNIPEN digit files as the UCI pen-digit files are laid out: a header, then per digit a
/// .SEGMENT line with its label, a ".COMMENT label writer points" line and its strokes in tablet
/// units with y pointing up.
/// </summary>
public static class UnipenText
{
    /// <summary>A "1" as one vertical stroke drawn from the top (high y) down.</summary>
    public static readonly int[][] One = [[250, 400, 252, 300, 250, 200, 249, 100]];

    /// <summary>A "7": the bar left to right at the top, then the diagonal down to the lower left.</summary>
    public static readonly int[][] Seven = [[100, 400, 200, 400, 300, 400, 250, 250, 200, 100]];

    /// <summary>A "0" as one closed loop.</summary>
    public static readonly int[][] Zero = [[200, 400, 280, 330, 280, 170, 200, 100, 120, 170, 120, 330, 200, 400]];

    /// <summary>A "4": the open corner, then the upright as a second stroke.</summary>
    public static readonly int[][] Four = [[180, 400, 120, 220, 300, 220], [250, 330, 250, 100]];

    public static string Digit(int label, int writer, params int[][] strokes)
    {
        var text = new StringBuilder();
        var points = strokes.Sum(s => s.Length / 2);
        text.Append(CultureInfo.InvariantCulture, $".SEGMENT DIGIT 0-1 ? \"{label}\"\n.COMMENT {label} {writer} {points}\n");
        foreach (var stroke in strokes)
        {
            text.Append(".PEN_DOWN\n");
            for (var i = 0; i < stroke.Length; i += 2)
            {
                text.Append(CultureInfo.InvariantCulture, $" {stroke[i]} {stroke[i + 1]}\n");
            }

            text.Append(".PEN_UP\n");
        }

        return text.ToString();
    }

    public static string File(params string[] digits) =>
        ".INCLUDE dene.doc\n\n.LEXICON \"0\" \"1\" \"2\" \"3\" \"4\" \"5\" \"6\" \"7\" \"8\" \"9\"\n.HIERARCHY DIGIT\n\n" + string.Concat(digits);

    /// <summary>Four digits by two writers: 7 and 1 by writer 1, 0 and 4 by writer 2.</summary>
    public static string FourDigits() =>
        File(Digit(7, 1, Seven), Digit(1, 1, One), Digit(0, 2, Zero), Digit(4, 2, Four));
}
