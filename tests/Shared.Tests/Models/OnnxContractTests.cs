using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Models;

public sealed class OnnxContractTests
{
    [Theory]
    [InlineData(BlockBranch.Image, 1, "block1")]
    [InlineData(BlockBranch.Image, 12, "block12")]
    [InlineData(BlockBranch.Quadrants, 2, "quadrant_block2")]
    public void Block_output_names_read_back_as_their_branch_and_block(BlockBranch branch, int block, string name)
    {
        Assert.Equal(name, OnnxContract.BlockOutputName(branch, block));
        Assert.Equal(new BlockOutput(branch, block), OnnxContract.BlockOf(name));
    }

    [Theory]
    [InlineData("probabilities")]
    [InlineData("quadrants")]
    [InlineData("projections")]
    [InlineData("block")]
    [InlineData("block0")]
    [InlineData("block-1")]
    [InlineData("block 1")]
    [InlineData("quadrant_block")]
    [InlineData("quadrants_block1")]
    public void Other_names_are_not_block_outputs(string name) => Assert.Null(OnnxContract.BlockOf(name));

    [Fact]
    public void Blocks_are_numbered_from_one()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxContract.BlockOutputName(BlockBranch.Quadrants, 0));
        Assert.Contains("numbered from 1", error.Message);
    }
}
