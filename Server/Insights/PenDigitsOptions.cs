using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Server.Insights;

/// <summary>Configuration section "PenDigits": the file of real pen-drawn digits the pages measure and show.</summary>
public sealed class PenDigitsOptions
{
    public const string SectionName = "PenDigits";

    /// <summary>A UNIPEN digit file (.tes/.tra); empty means <c>&lt;data&gt;/pen-digits.tes</c>.</summary>
    public string? File { get; set; }

    public string ResolveFile(InsightsOptions insights) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(File) ? PenDigitSet.DefaultPath(insights.ResolveDataDirectory()) : File);
}
