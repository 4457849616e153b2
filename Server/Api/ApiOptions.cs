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

    /// <summary>Largest accepted image area (pixels), checked before decoding.</summary>
    public long MaxImagePixels { get; set; } = 8_388_608;

    /// <summary>Most strokes accepted in one JSON drawing (never more than <see cref="DrawingLimits.MaxStrokes"/>).</summary>
    public int MaxStrokes { get; set; } = 500;

    /// <summary>Most points accepted in one JSON drawing (never more than <see cref="DrawingLimits.MaxTotalPoints"/>).</summary>
    public int MaxPoints { get; set; } = DrawingLimits.MaxTotalPoints;
}
