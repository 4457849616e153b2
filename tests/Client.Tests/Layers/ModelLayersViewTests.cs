using System.Buffers.Binary;
using Bunit;
using MnistBlazor.Client.Layers;
using MnistBlazor.Client.Tests.Support;
using MnistBlazor.Shared.Layers;

namespace MnistBlazor.Client.Tests.Layers;

public sealed class ModelLayersViewTests : BunitContext
{
    /// <summary>A "1": a vertical bar in column 20, rows 4 to 23.</summary>
    private static readonly float[] Pixels = [.. Enumerable.Range(0, 784).Select(i => i % 28 == 20 && i / 28 is >= 4 and < 24 ? 1f : 0f)];

    [Fact]
    public void Each_block_shows_its_size_and_its_strongest_channels_first_as_images_of_the_maps_size()
    {
        var layers = FakeLayerViewer.View(Pixels).For("simple-cnn")!;

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers).Add(v => v.ModelName, "Simple CNN"));

        var block = view.Find("[data-testid=layers-block-simple-cnn-1]");
        Assert.Equal("3", block.GetAttribute("data-channels"));
        Assert.Equal("28x28", block.GetAttribute("data-size"));
        Assert.Contains("3 channels of 28×28", block.TextContent);
        var maps = block.QuerySelectorAll("img");
        Assert.Equal(
            ["layers-map-simple-cnn-1-2", "layers-map-simple-cnn-1-1", "layers-map-simple-cnn-1-0"],
            maps.Select(m => m.GetAttribute("data-testid")));
        Assert.All(maps, map => Assert.Equal((28, 28), PngSize(map.GetAttribute("src")!)));
        Assert.Empty(view.FindAll("[data-testid^=layers-projections]"));
        Assert.Empty(view.FindAll("[data-testid^=layers-quadrants]"));
    }

    [Fact]
    public void Cnn_proj_shows_its_two_projection_profiles_with_the_inked_column_as_the_tallest_bar()
    {
        var layers = FakeLayerViewer.View(Pixels).For("cnn-proj")!;

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        var columns = view.FindAll("[data-testid=layers-profile-cnn-proj-columns] rect");
        var rows = view.FindAll("[data-testid=layers-profile-cnn-proj-rows] rect");
        Assert.Equal(28, columns.Count);
        Assert.Equal(28, rows.Count);
        Assert.Equal("32", columns[20].GetAttribute("height"));
        Assert.Equal("0", columns[19].GetAttribute("height"));
        Assert.Equal("0", rows[2].GetAttribute("height"));
        Assert.Equal("32", rows[10].GetAttribute("height"));
    }

    [Fact]
    public void Cnn_quad_shows_its_four_quadrant_images()
    {
        var layers = FakeLayerViewer.View(Pixels).For("cnn-quad")!;

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        var quadrants = view.FindAll("[data-testid=layers-quadrants-cnn-quad] img");
        Assert.Equal(["top-left quadrant", "top-right quadrant", "bottom-left quadrant", "bottom-right quadrant"], quadrants.Select(q => q.GetAttribute("alt")));
        Assert.All(quadrants, q => Assert.Equal((14, 14), PngSize(q.GetAttribute("src")!)));
    }

    [Fact]
    public void Cnn_quad_shows_each_conv3d_channel_as_its_depth_slices_side_by_side_strongest_first()
    {
        var layers = FakeLayerViewer.View(Pixels).For("cnn-quad")!;

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        var block = view.Find("[data-testid=layers-quadrant-block-cnn-quad-1]");
        Assert.Equal("2", block.GetAttribute("data-channels"));
        Assert.Equal("4x14x14", block.GetAttribute("data-size"));
        Assert.Contains("Quadrant block 1 (Conv3D", block.TextContent);
        Assert.Contains("2 channels of 4×14×14 (depth × height × width)", block.TextContent);
        Assert.Contains("each as its 4 depth slices side by side", block.TextContent);
        var channels = block.QuerySelectorAll("[role=group]");
        Assert.Equal(["layers-quadrant-map-cnn-quad-1-1", "layers-quadrant-map-cnn-quad-1-0"], channels.Select(c => c.GetAttribute("data-testid")));
        var slices = channels[0].QuerySelectorAll("img");
        Assert.Equal(
            ["1 of 4", "2 of 4", "3 of 4", "4 of 4"],
            slices.Select(s => s.GetAttribute("alt")![^6..]));
        Assert.All(slices, slice => Assert.Equal((14, 14), PngSize(slice.GetAttribute("src")!)));
        Assert.Equal(4, channels[1].QuerySelectorAll("img").Length);
        Assert.Empty(view.FindAll("[data-testid^=layers-notice]"));
    }

    [Fact]
    public void A_conv3d_block_of_depth_1_still_states_its_depth_and_shows_one_image_per_channel()
    {
        var block = LayerViewing.Block(2, [0, 1, 2, 3], [1, 1, 1, 2, 2], branch: MnistBlazor.Shared.Models.BlockBranch.Quadrants);
        var layers = FakeLayerViewer.View(Pixels).For("cnn-quad")! with { QuadrantBlocks = [block] };

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        var figure = view.Find("[data-testid=layers-quadrant-block-cnn-quad-2]");
        var caption = string.Join(' ', figure.QuerySelector("figcaption")!.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Quadrant block 2 (Conv3D over the stacked quadrants): 1 channels of 1×2×2 (depth × height × width); the 1 strongest", caption);
        Assert.DoesNotContain("depth slices", figure.TextContent);
        Assert.Single(view.FindAll("[data-testid=layers-quadrant-map-cnn-quad-2-0] img"));
    }

    [Fact]
    public void Slices_of_a_conv3d_channel_are_the_channels_own_depth_slices()
    {
        var layers = FakeLayerViewer.View(Pixels).For("cnn-quad")!;
        var strongest = layers.QuadrantBlocks[0].Strongest[0];

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        var slices = view.FindAll("[data-testid=layers-quadrant-map-cnn-quad-1-1] img");
        Assert.Equal(Enumerable.Range(0, 4).Select(d => FeatureMapPng.DataUrl(strongest, d)), slices.Select(s => s.GetAttribute("src")));
        // The "1" is in the right half: its top-right and bottom-right quadrants differ from the empty left ones.
        Assert.NotEqual(slices[0].GetAttribute("src"), slices[1].GetAttribute("src"));
        Assert.Equal(slices[0].GetAttribute("src"), slices[2].GetAttribute("src"));
    }

    [Fact]
    public void A_model_whose_file_lacks_some_views_shows_the_rest_and_the_notice()
    {
        var layers = FakeLayerViewer.View(Pixels).For("cnn-quad")! with { QuadrantBlocks = [], Notice = "Re-export to see its Conv3D blocks." };

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        Assert.Equal("Re-export to see its Conv3D blocks.", view.Find("[data-testid=layers-notice-cnn-quad]").TextContent);
        Assert.NotEmpty(view.FindAll("[data-testid=layers-block-cnn-quad-1] img"));
        Assert.Empty(view.FindAll("[data-testid^=layers-quadrant-block]"));
    }

    [Fact]
    public void A_model_without_layer_outputs_says_why_instead_of_showing_blocks()
    {
        var layers = ModelLayers.Without("cnn-quad", "This model file predates layer views: re-export this model (Training export) to see its layers.");

        var view = Render<ModelLayersView>(p => p.Add(v => v.Layers, layers));

        Assert.Contains("re-export this model", view.Find("[data-testid=layers-reason-cnn-quad]").TextContent);
        Assert.Empty(view.FindAll("img"));
    }

    private static (int Width, int Height) PngSize(string dataUrl)
    {
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, dataUrl);
        var png = Convert.FromBase64String(dataUrl[prefix.Length..]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
