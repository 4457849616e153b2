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
