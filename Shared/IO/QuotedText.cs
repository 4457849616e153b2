using System.Globalization;
using System.Text;

namespace MnistBlazor.Shared.IO;

/// <summary>
/// A piece of a file quoted in an error message: control characters written as escapes (a binary file's NULs must not
/// reach a terminal or a page as they are) and long text cut short, so the message stays one readable line.
/// </summary>
public static class QuotedText
{
    public const int DefaultMaxLength = 40;

    public static string Of(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var shown = text.Length <= maxLength ? text : text[..maxLength];
        var quoted = new StringBuilder(shown.Length + 8);
        foreach (var c in shown)
        {
            _ = c switch
            {
                '\t' => quoted.Append("\\t"),
                '\r' => quoted.Append("\\r"),
                '\n' => quoted.Append("\\n"),
                _ when char.IsControl(c) => quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return text.Length <= maxLength ? quoted.ToString() : quoted.Append("...").ToString();
    }
}
