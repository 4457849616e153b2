namespace MnistBlazor.Shared.Models;

/// <summary>
/// The interface of every model file: one float input [N,1,28,28] of 0..1 intensities and one output [N,10]
/// of probabilities (the softmax is inside the graph). Training writes it, the server checks and runs it.
/// Convolutional models also output what the layer views show: each image-branch block's activations
/// [N,C,H,W] ("block1", "block2", ...) and the derived inputs they were given ("projections" [N,2,28],
/// "quadrants" [N,1,4,14,14]). Files exported before these outputs existed have only "probabilities".
/// </summary>
public static class OnnxContract
{
    public const string InputName = "image";
    public const string OutputName = "probabilities";

    /// <summary>The name of the dynamic batch dimension N.</summary>
    public const string BatchDimension = "N";

    public const string ProjectionsOutputName = "projections";
    public const string QuadrantsOutputName = "quadrants";

    private const string BlockOutputPrefix = "block";

    /// <summary>The output holding the activations of the image branch's block <paramref name="block"/> (1-based).</summary>
    public static string BlockOutputName(int block) =>
        block >= 1 ? $"{BlockOutputPrefix}{block}" : throw new ArgumentOutOfRangeException(nameof(block), block, "Blocks are numbered from 1.");

    /// <summary>The block number of a block output's name, or null for any other name.</summary>
    public static int? BlockOf(string outputName) =>
        outputName.StartsWith(BlockOutputPrefix, StringComparison.Ordinal)
        && int.TryParse(outputName.AsSpan(BlockOutputPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var block)
        && block >= 1
            ? block
            : null;
}
