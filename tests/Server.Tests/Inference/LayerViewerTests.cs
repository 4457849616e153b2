using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Features;
using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;
using Onnx;

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
    public void Cnn_quad_shows_its_two_conv3d_blocks_as_volumes_of_depth_slices_strongest_first_scaled_to_0_1()
    {
        var views = View(exported.Models.Directory);

        var quad = views.For(ModelCatalog.CnnQuadrants.Id)!;
        Assert.Null(quad.Notice);
        Assert.Equal("1:64x2x7x7 2:64x1x3x3", string.Join(' ', quad.QuadrantBlocks.Select(b => $"{b.Block}:{b.Channels}x{b.Depth}x{b.Height}x{b.Width}")));
        foreach (var block in quad.QuadrantBlocks)
        {
            Assert.Equal(LayerViewing.StrongestChannels, block.Strongest.Count);
            Assert.Equal(block.Strongest.Select(m => m.MeanActivation).OrderDescending(), block.Strongest.Select(m => m.MeanActivation));
            Assert.All(block.Strongest, map => Assert.Equal((block.Depth, block.Depth * block.Height * block.Width), (map.Depth, map.Values.Length)));
            var values = block.Strongest.SelectMany(m => m.Values).ToArray();
            Assert.Equal(0f, values.Min());
            Assert.Equal(1f, values.Max());
        }

        Assert.All(
            views.Models.Where(m => m.ModelId != ModelCatalog.CnnQuadrants.Id),
            layers => Assert.Equal((0, (string?)null), (layers.QuadrantBlocks.Count, layers.Notice)));
    }

    [Fact]
    public void A_cnn_quad_file_exported_before_the_quadrant_block_outputs_shows_the_rest_and_asks_for_a_re_export()
    {
        using var models = new TestModels();
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(exported.Models.OnnxPath(ModelCatalog.CnnQuadrants.Id)));
        var quadrantBlocks = model.Graph.Output.Where(o => OnnxContract.BlockOf(o.Name)?.Branch == BlockBranch.Quadrants).ToArray();
        Assert.Equal(2, quadrantBlocks.Length);
        foreach (var output in quadrantBlocks)
        {
            model.Graph.Output.Remove(output);
            model.Graph.Node.Remove(model.Graph.Node.Single(n => n.Output.Contains(output.Name)));
        }

        var path = models.OnnxPath(ModelCatalog.CnnQuadrants.Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, model.ToByteArray());

        var quad = View(models.Directory).For(ModelCatalog.CnnQuadrants.Id)!;

        Assert.Null(quad.Reason);
        Assert.Equal(LayerViewer.QuadrantBlocksHint, quad.Notice);
        Assert.Empty(quad.QuadrantBlocks);
        Assert.Equal(3, quad.Blocks.Count);
        Assert.Equal(4, quad.Quadrants.Count);
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
