using MnistBlazor.Shared.Imaging;

namespace MnistBlazor.Shared.Tests.Imaging;

public sealed class ConnectedRegionsTests
{
    // Two cells touching only at a corner, a bar of three, and a ring around an empty centre.
    private static readonly string[] Grid =
    [
        "#....###",
        ".#......",
        "........",
        "###.....",
        "#.#.....",
        "###.....",
    ];

    [Fact]
    public void Cells_touching_only_at_a_corner_are_one_region_when_eight_connected_and_two_when_four_connected()
    {
        var (marked, width, height) = Parse(Grid);

        var eight = ConnectedRegions.Of(marked, width, height, eightConnected: true);
        var four = ConnectedRegions.Of(marked, width, height, eightConnected: false);

        Assert.Equal(3, eight.Count);
        Assert.Equal(4, four.Count);
        Assert.Equal(eight.Labels[0], eight.Labels[width + 1]);
        Assert.NotEqual(four.Labels[0], four.Labels[width + 1]);
    }

    [Fact]
    public void Regions_are_numbered_in_reading_order_of_their_first_cell_and_unmarked_cells_carry_zero()
    {
        var (marked, width, height) = Parse(Grid);

        var regions = ConnectedRegions.Of(marked, width, height, eightConnected: true);

        Assert.Equal(1, regions.Labels[0]); // the corner pair
        Assert.Equal(2, regions.Labels[5]); // the bar
        Assert.Equal(3, regions.Labels[3 * width]); // the ring
        Assert.Equal(0, regions.Labels[4 * width + 1]); // the ring's centre
        Assert.Equal([0, 2, 3, 8], regions.Areas());
    }

    [Fact]
    public void Sums_add_each_regions_weights_and_the_border_test_finds_the_regions_on_the_edge()
    {
        var (marked, width, height) = Parse(Grid);
        var weights = Enumerable.Range(0, marked.Length).Select(i => marked[i] ? 0.5f : 9f).ToArray();

        var regions = ConnectedRegions.Of(marked, width, height, eightConnected: true);

        Assert.Equal([0.0, 1.0, 1.5, 4.0], regions.Sums(weights));
        Assert.Equal([false, true, true, true], regions.TouchingBorder());
        var centre = ConnectedRegions.Of(Array.ConvertAll(marked, on => !on), width, height, eightConnected: false);
        var enclosed = centre.CellsOf(centre.TouchingBorder().Select(touching => !touching).ToArray());
        Assert.Equal([4 * width + 1], Enumerable.Range(0, enclosed.Length).Where(i => enclosed[i]));
    }

    [Fact]
    public void Maxima_give_each_regions_largest_weight()
    {
        var (marked, width, height) = Parse(Grid);
        var weights = Enumerable.Range(0, marked.Length).Select(i => marked[i] ? 0.1f * (i % 7 + 1) : 9f).ToArray();

        var regions = ConnectedRegions.Of(marked, width, height, eightConnected: true);

        var maxima = regions.Maxima(weights);
        Assert.Equal(0f, maxima[0]);
        for (var region = 1; region <= regions.Count; region++)
        {
            var cells = Enumerable.Range(0, marked.Length).Where(i => regions.Labels[i] == region);
            Assert.Equal(cells.Max(i => weights[i]), maxima[region]);
        }
    }

    [Fact]
    public void Boxes_bound_each_regions_cells()
    {
        var (marked, width, height) = Parse(Grid);

        var boxes = ConnectedRegions.Of(marked, width, height, eightConnected: true).Boxes();

        Assert.Equal([default, new PixelBox(0, 0, 2, 2), new PixelBox(5, 0, 3, 1), new PixelBox(0, 3, 3, 3)], boxes);
    }

    [Fact]
    public void A_grid_whose_marks_do_not_match_its_size_is_refused_with_both_counts()
    {
        var error = Assert.Throws<ArgumentException>(() => ConnectedRegions.Of(new bool[10], 4, 3, eightConnected: true));

        Assert.Contains("4x3", error.Message);
        Assert.Contains("12", error.Message);
        Assert.Contains("10", error.Message);
    }

    private static (bool[] Marked, int Width, int Height) Parse(string[] rows) =>
        (rows.SelectMany(row => row.Select(cell => cell == '#')).ToArray(), rows[0].Length, rows.Length);
}
