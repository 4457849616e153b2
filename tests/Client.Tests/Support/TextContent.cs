using System.Text.RegularExpressions;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>Rendered text as a reader sees it: markup line breaks and indentation collapsed to single spaces.</summary>
public static partial class TextContent
{
    public static string Normalized(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
