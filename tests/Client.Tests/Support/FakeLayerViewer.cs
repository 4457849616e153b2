using MnistBlazor.Shared.Features;
using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Client.Tests.Support;

/// <summary>
/// Layer views the tests know: every CNN's single block has three 28x28 channels, the image itself times
/// 1, 2 and 3 (so channel 2 is the strongest); cnn-proj and cnn-quad also get the image's real derived inputs,
/// and cnn-quad one Conv3D block of two 4x14x14 channels, its quadrants times 1 and 2 (so channel 1 is the strongest).
/// </summary>
public sealed class FakeLayerViewer : ILayerViewer
{
    public List<float[]> Received { get; } = [];

    public Task<DigitLayers> ViewAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
    {
        var copy = pixels.ToArray();
        Received.Add(copy);
        return Task.FromResult(View(copy));
    }

    public static DigitLayers View(float[] pixels)
    {
        float[] activations = [.. Enumerable.Range(1, 3).SelectMany(factor => pixels.Select(p => p * factor))];
        var block = LayerViewing.Block(1, activations, [1, 3, 28, 28]);
        var (columns, rows) = LayerViewing.Projections(ImageFeatures.Projections(pixels), [1, 2, 28]);
        var quadrants = LayerViewing.Quadrants(ImageFeatures.Quadrants(pixels), [1, 1, 4, 14, 14]);
        var volume = LayerViewing.Block(1, [.. quadrants.SelectMany(q => q.Values), .. quadrants.SelectMany(q => q.Values.Select(v => v * 2))], [1, 2, 4, 14, 14], branch: BlockBranch.Quadrants);
        return new DigitLayers(
        [
            new ModelLayers(ModelCatalog.SimpleCnn.Id, [block], null, null, [], [], null, null),
            new ModelLayers(ModelCatalog.CnnProjections.Id, [block], columns, rows, [], [], null, null),
            new ModelLayers(ModelCatalog.CnnQuadrants.Id, [block], columns, rows, quadrants, [volume], null, null),
        ]);
    }
}
