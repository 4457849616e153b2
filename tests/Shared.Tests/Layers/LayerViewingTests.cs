using MnistBlazor.Shared.Layers;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Layers;

public sealed class LayerViewingTests
{
    [Fact]
    public void Channels_are_ranked_by_mean_activation_and_scaled_together_over_the_shown_ones()
    {
        // Three 1x2 channels with means 1, 5 and 3.
        float[] activations = [0, 2, 4, 6, 3, 3];

        var block = LayerViewing.Block(2, activations, [1, 3, 1, 2], strongest: 2);

        Assert.Equal((2, 3, 1, 2), (block.Block, block.Channels, block.Height, block.Width));
        Assert.Equal([1, 2], block.Strongest.Select(m => m.Channel));
        Assert.Equal([5f, 3f], block.Strongest.Select(m => m.MeanActivation));
        // Shown values span 3..6.
        Assert.Equal([1f / 3, 1f], block.Strongest[0].Values);
        Assert.Equal([0f, 0f], block.Strongest[1].Values);
    }

    [Fact]
    public void Conv3d_channels_are_ranked_by_their_volume_mean_and_keep_their_depth_slices_in_order()
    {
        // Two channels of 2 depth slices of 1x2: channel 0 has mean 1.5, channel 1 mean 5.5.
        float[] activations = [0, 1, 2, 3, 4, 5, 6, 7];

        var block = LayerViewing.Block(1, activations, [1, 2, 2, 1, 2], branch: BlockBranch.Quadrants);

        Assert.Equal((2, 2, 1, 2), (block.Channels, block.Depth, block.Height, block.Width));
        Assert.Equal([1, 0], block.Strongest.Select(m => m.Channel));
        Assert.Equal([5.5f, 1.5f], block.Strongest.Select(m => m.MeanActivation));
        var strongest = block.Strongest[0];
        Assert.Equal(2, strongest.Depth);
        // Shown values span 0..7 across both channels.
        Assert.Equal([4f / 7, 5f / 7], strongest.Slice(0).ToArray());
        Assert.Equal([6f / 7, 1f], strongest.Slice(1).ToArray());
    }

    [Fact]
    public void A_conv3d_block_whose_values_do_not_match_its_shape_is_refused_naming_its_output()
    {
        var error = Assert.Throws<ArgumentException>(() => LayerViewing.Block(2, new float[7], [1, 2, 2, 1, 2], branch: BlockBranch.Quadrants));

        Assert.Contains("quadrant_block2", error.Message);
        Assert.Contains("[1,2,2,1,2]", error.Message);
        Assert.Contains("7 values", error.Message);
    }

    [Fact]
    public void A_block_of_neither_rank_4_nor_rank_5_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => LayerViewing.Block(1, new float[4], [1, 4]));

        Assert.Contains("[1,C,H,W] or [1,C,D,H,W]", error.Message);
        Assert.Contains("[1,4]", error.Message);
    }

    [Fact]
    public void A_flat_block_shows_black_rather_than_dividing_by_zero()
    {
        var block = LayerViewing.Block(1, [2, 2, 2, 2], [1, 1, 2, 2]);

        Assert.Equal([0f, 0f, 0f, 0f], Assert.Single(block.Strongest).Values);
    }

    [Fact]
    public void Values_that_do_not_match_the_shape_are_refused_naming_the_block_and_both_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => LayerViewing.Block(3, new float[10], [1, 2, 2, 2]));

        Assert.Contains("block3", error.Message);
        Assert.Contains("[1,2,2,2]", error.Message);
        Assert.Contains("10 values", error.Message);
    }

    [Fact]
    public void Projections_split_into_column_and_row_profiles()
    {
        var (columns, rows) = LayerViewing.Projections([1, 2, 3, 4, 5, 6], [1, 2, 3]);

        Assert.Equal([1f, 2f, 3f], columns);
        Assert.Equal([4f, 5f, 6f], rows);
    }

    [Fact]
    public void Quadrants_become_four_images_in_order()
    {
        var values = Enumerable.Range(0, 16).Select(v => (float)v).ToArray();

        var quadrants = LayerViewing.Quadrants(values, [1, 1, 4, 2, 2]);

        Assert.Equal([0, 1, 2, 3], quadrants.Select(q => q.Channel));
        Assert.Equal([12f, 13f, 14f, 15f], quadrants[3].Values);
        Assert.All(quadrants, q => Assert.Equal((2, 2), (q.Height, q.Width)));
    }
}
