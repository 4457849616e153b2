namespace MnistBlazor.Shared.Layers;

/// <summary>
/// One channel's activations (or one derived input image) scaled for display: <see cref="Values"/> are
/// row-major <see cref="Height"/> x <see cref="Width"/> in 0..1 on the scale shared by its block, one such
/// slice after another when a Conv3D channel has <see cref="Depth"/> &gt; 1.
/// </summary>
/// <param name="Channel">The channel's index in its block (for quadrants: the quadrant, 0..3).</param>
/// <param name="MeanActivation">The channel's mean activation before scaling: how strongly it responded.</param>
/// <param name="Depth">How many depth slices a Conv3D channel has; 1 for images.</param>
public sealed record FeatureMap(int Channel, float MeanActivation, int Height, int Width, float[] Values, int Depth = 1)
{
    /// <summary>Depth slice <paramref name="depth"/> (0-based): <see cref="Height"/> x <see cref="Width"/> values.</summary>
    public ReadOnlySpan<float> Slice(int depth) => Values.AsSpan(depth * Height * Width, Height * Width);
}

/// <summary>A convolutional block's output (after its pooling and batch norm): its size and its strongest channels.</summary>
/// <param name="Block">1-based, in the order the input passes through its branch's blocks.</param>
/// <param name="Strongest">At most <see cref="LayerViewing.StrongestChannels"/> channels, strongest (highest mean) first.</param>
/// <param name="Depth">A Conv3D block's depth (the stacked quadrants after pooling); 1 for 2D blocks.</param>
public sealed record BlockView(int Block, int Channels, int Height, int Width, IReadOnlyList<FeatureMap> Strongest, int Depth = 1);

/// <summary>
/// What one convolutional model computed inside on an image, or why it cannot be shown (<see cref="Reason"/>).
/// </summary>
/// <param name="ColumnProfile">The projections input's column means (28 values, 0..1), when the model takes projections.</param>
/// <param name="RowProfile">The projections input's row means (28 values, 0..1), when the model takes projections.</param>
/// <param name="Blocks">The image branch's blocks.</param>
/// <param name="Quadrants">The quadrants input (four 14x14 images: top left, top right, bottom left, bottom right), or empty.</param>
/// <param name="QuadrantBlocks">The Conv3D blocks of the quadrant branch, when the model has one and its file outputs them.</param>
/// <param name="Notice">What the file lacks while the rest is shown (e.g. the quadrant blocks of an older export).</param>
public sealed record ModelLayers(
    string ModelId,
    IReadOnlyList<BlockView> Blocks,
    float[]? ColumnProfile,
    float[]? RowProfile,
    IReadOnlyList<FeatureMap> Quadrants,
    IReadOnlyList<BlockView> QuadrantBlocks,
    string? Notice,
    string? Reason)
{
    public static ModelLayers Without(string modelId, string reason) => new(modelId, [], null, null, [], [], null, reason);
}

/// <summary>Every convolutional model's layer views on one image (catalogue order).</summary>
public sealed record DigitLayers(IReadOnlyList<ModelLayers> Models)
{
    public ModelLayers? For(string modelId) => Models.FirstOrDefault(m => m.ModelId == modelId);
}

/// <summary>Shows what the convolutional models compute inside on an image. Implemented by the server (ONNX Runtime).</summary>
public interface ILayerViewer
{
    /// <summary>
    /// Every convolutional model's block activations and derived inputs on one 784-pixel image (0..1, 1 = ink),
    /// or why a model has none. Cancelling stops before the next model's run and aborts the current one.
    /// </summary>
    Task<DigitLayers> ViewAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default);
}
