using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>Configuration section "Api": limits that keep bad requests cheap.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest accepted request body (bytes).</summary>
    public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest accepted image width or height (pixels), checked before decoding.</summary>
    public int MaxImageSide { get; set; } = 4096;

    /// <summary>
    /// Largest accepted image area (pixels), checked from the header before decoding: a decoded pixel
    /// costs 8 bytes (RGBA, then ink as a float), so the default, 2048x2048, is 32 MiB per image;
    /// the inference concurrency limit bounds how many are decoded at once.
    /// </summary>
    public long MaxImagePixels { get; set; } = 4_194_304;

    /// <summary>Most strokes accepted in one JSON drawing (never more than <see cref="DrawingLimits.MaxStrokes"/>).</summary>
    public int MaxStrokes { get; set; } = 500;

    /// <summary>Most points accepted in one JSON drawing (never more than <see cref="DrawingLimits.MaxTotalPoints"/>).</summary>
    public int MaxPoints { get; set; } = DrawingLimits.MaxTotalPoints;
}
