using System.ComponentModel.DataAnnotations;
using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Server.Api;

/// <summary>Configuration section "Api": limits that keep bad requests cheap. A value out of range stops the server at start with a message naming the key.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest accepted request body (bytes).</summary>
    [Range(1024, 1_073_741_824, ErrorMessage = "Api:MaxRequestBytes must be a whole number from 1024 to 1073741824 (1 GiB).")]
    public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest accepted image width or height (pixels), checked before decoding.</summary>
    [Range(28, 65_535, ErrorMessage = "Api:MaxImageSide must be a whole number from 28 to 65535.")]
    public int MaxImageSide { get; set; } = 4096;

    /// <summary>
    /// Largest accepted image area (pixels), checked from the header before decoding: a decoded pixel
    /// costs 8 bytes (RGBA, then ink as a float), so the default, 2048x2048, is 32 MiB per image;
    /// the inference concurrency limit bounds how many are decoded at once.
    /// </summary>
    [Range(784, 67_108_864, ErrorMessage = "Api:MaxImagePixels must be a whole number from 784 (28x28) to 67108864 (8192x8192).")]
    public long MaxImagePixels { get; set; } = 4_194_304;

    /// <summary>Most strokes accepted in one JSON drawing (never more than <see cref="DrawingLimits.MaxStrokes"/>).</summary>
    [Range(1, DrawingLimits.MaxStrokes, ErrorMessage = "Api:MaxStrokes must be a whole number from 1 to 1000.")]
    public int MaxStrokes { get; set; } = 500;

    /// <summary>Most points accepted in one JSON drawing (never more than <see cref="DrawingLimits.MaxTotalPoints"/>).</summary>
    [Range(1, DrawingLimits.MaxTotalPoints, ErrorMessage = "Api:MaxPoints must be a whole number from 1 to 2000.")]
    public int MaxPoints { get; set; } = DrawingLimits.MaxTotalPoints;
}
