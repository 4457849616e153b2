namespace MnistBlazor.Shared.Models;

/// <summary>
/// The interface of every model file: one float input [N,1,28,28] of 0..1 intensities and one output [N,10]
/// of probabilities (the softmax is inside the graph). Training writes it, the server checks and runs it.
/// Convolutional models also output what the layer views show: each block's activations, the image branch's
/// [N,C,H,W] ("block1", "block2", ...) and the quadrant branch's Conv3D [N,C,D,H,W] ("quadrant_block1", ...),
/// and the derived inputs they were given ("projections" [N,2,28], "quadrants" [N,1,4,14,14]). Files exported
/// before these outputs existed have only "probabilities" (or, for the quadrant blocks, lack just those).
/// </summary>
public static class OnnxContract
{
    public const string InputName = "image";
    public const string OutputName = "probabilities";

    /// <summary>The name of the dynamic batch dimension N.</summary>
    public const string BatchDimension = "N";

    public const string ProjectionsOutputName = "projections";
    public const string QuadrantsOutputName = "quadrants";

    /// <summary>The output holding the activations of <paramref name="branch"/>'s block <paramref name="block"/> (1-based).</summary>
    public static string BlockOutputName(BlockBranch branch, int block) =>
        block >= 1
            ? $"{BlockOutputPrefix(branch)}{block}"
            : throw new ArgumentOutOfRangeException(nameof(block), block, "Blocks are numbered from 1.");

    /// <summary>The branch and block number of a block output's name, or null for any other name.</summary>
    public static BlockOutput? BlockOf(string outputName)
    {
        foreach (var branch in Enum.GetValues<BlockBranch>())
        {
            var prefix = BlockOutputPrefix(branch);
            if (outputName.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(outputName.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var block)
                && block >= 1)
            {
                return new BlockOutput(branch, block);
            }
        }

        return null;
    }

    private static string BlockOutputPrefix(BlockBranch branch) => branch switch
    {
        BlockBranch.Image => "block",
        BlockBranch.Quadrants => "quadrant_block",
        _ => throw new ArgumentOutOfRangeException(nameof(branch), branch, "Not a block branch."),
    };
}

/// <summary>The convolutional branches whose blocks have layer-view outputs.</summary>
public enum BlockBranch
{
    /// <summary>The 2D branch on the 28x28 image.</summary>
    Image,

    /// <summary>The Conv3D branch on the four stacked 14x14 quadrants (model 4).</summary>
    Quadrants,
}

/// <summary>Which block a block output holds: its branch and its 1-based number in that branch.</summary>
public readonly record struct BlockOutput(BlockBranch Branch, int Block);
