namespace MnistBlazor.Server.Api;

/// <summary>Configuration section "Api": limits that keep bad requests cheap.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest accepted request body (bytes).</summary>
    public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest accepted image width or height (pixels), checked before decoding.</summary>
    public int MaxImageSide { get; set; } = 4096;

    /// <summary>Largest accepted image area (pixels), checked before decoding.</summary>
    public long MaxImagePixels { get; set; } = 8_388_608;

    /// <summary>Most strokes and points accepted in one JSON drawing.</summary>
    public int MaxStrokes { get; set; } = 500;

    public int MaxPoints { get; set; } = 50_000;
}
