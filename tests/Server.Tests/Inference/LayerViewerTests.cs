using Microsoft.Extensions.Logging.Abstractions;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Features;
using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>The layer views from ONNX files the Training project writes, and from files that predate them.</summary>
public sealed class LayerViewerTests(ExportedArchitecturesTests.ExportedModels exported) : IClassFixture<ExportedArchitecturesTests.ExportedModels>
{
    [Theory]
    [InlineData("simple-cnn", "64x14x14 128x7x7")]
    [InlineData("cnn-proj", "64x14x14 128x7x7 512x3x3")]
    [InlineData("cnn-quad", "64x14x14 128x7x7 512x3x3")]
    public void Each_block_shows_its_size_and_its_strongest_channels_first_scaled_to_0_1(string modelId, string blockSizes)
    {
        var layers = View(exported.Models.Directory).For(modelId)!;

        Assert.Null(layers.Reason);
        Assert.Equal(blockSizes, string.Join(' ', layers.Blocks.Select(b => $"{b.Channels}x{b.Height}x{b.Width}")));
        Assert.Equal(Enumerable.Range(1, layers.Blocks.Count), layers.Blocks.Select(b => b.Block));
        foreach (var block in layers.Blocks)
        {
            Assert.Equal(LayerViewing.StrongestChannels, block.Strongest.Count);
            Assert.Equal(block.Strongest.Select(m => m.MeanActivation).OrderDescending(), block.Strongest.Select(m => m.MeanActivation));
            Assert.All(block.Strongest, map => Assert.Equal(block.Height * block.Width, map.Values.Length));
            var values = block.Strongest.SelectMany(m => m.Values).ToArray();
            Assert.Equal(0f, values.Min());
            Assert.Equal(1f, values.Max());
        }
    }

    [Fact]
    public void Only_the_convolutional_models_are_viewed_and_each_shows_the_derived_inputs_it_was_given()
    {
        var views = View(exported.Models.Directory);

        Assert.Equal(ModelCatalog.All.Where(m => m.IsConvolutional).Select(m => m.Id), views.Models.Select(m => m.ModelId));
        var projections = ImageFeatures.Projections(exported.Image);
        var quadrants = ImageFeatures.Quadrants(exported.Image);

        var simple = views.For(ModelCatalog.SimpleCnn.Id)!;
        Assert.Null(simple.ColumnProfile);
        Assert.Empty(simple.Quadrants);

        foreach (var modelId in new[] { ModelCatalog.CnnProjections.Id, ModelCatalog.CnnQuadrants.Id })
        {
            var layers = views.For(modelId)!;
            Assert.Equal(projections[..28], layers.ColumnProfile!, FloatComparer);
            Assert.Equal(projections[28..], layers.RowProfile!, FloatComparer);
        }

        var quad = views.For(ModelCatalog.CnnQuadrants.Id)!;
        Assert.Equal(4, quad.Quadrants.Count);
        Assert.Equal(quadrants, quad.Quadrants.SelectMany(q => q.Values), FloatComparer);
        Assert.Empty(views.For(ModelCatalog.CnnProjections.Id)!.Quadrants);
    }

    [Fact]
    public void Model_files_exported_before_layer_views_get_the_re_export_hint_instead_of_failing()
    {
        using var models = TestModels.AllFour();

        var views = View(models.Directory);

        Assert.Equal(3, views.Models.Count);
        Assert.All(views.Models, layers =>
        {
            Assert.Equal(LayerViewer.ReExportHint, layers.Reason);
            Assert.Empty(layers.Blocks);
        });
    }

    [Fact]
    public void A_cancelled_request_stops_with_operation_cancelled()
    {
        using var served = ServedModels.On(exported.Models.Directory, new ModelsOptions().ReloadDelay);
        var viewer = new LayerViewer(served.Registry, NullLogger<LayerViewer>.Instance);

        Assert.Throws<OperationCanceledException>(() => viewer.View(exported.Image, new CancellationToken(canceled: true)));
    }

    private static readonly IEqualityComparer<float> FloatComparer =
        EqualityComparer<float>.Create((a, b) => Math.Abs(a - b) <= 1e-6f, v => 0);

    private DigitLayers View(string directory)
    {
        using var served = ServedModels.On(directory, new ModelsOptions().ReloadDelay);
        var viewer = new LayerViewer(served.Registry, NullLogger<LayerViewer>.Instance);
        return viewer.View(exported.Image, CancellationToken.None);
    }
}
