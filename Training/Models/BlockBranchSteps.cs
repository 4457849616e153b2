using MnistBlazor.Shared.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>
/// The children of a block branch in order, each with the layer-view output it produces: blocks (the nested
/// sequences) are numbered from 1 (<see cref="OnnxContract.BlockOutputName"/>), other layers produce none.
/// </summary>
public static class BlockBranchSteps
{
    public static IEnumerable<(string Name, Module<Tensor, Tensor> Layer, string? OutputName)> Of(BlockBranch kind, Sequential branch)
    {
        var block = 0;
        foreach (var (name, module) in branch.named_children())
        {
            var layer = module as Module<Tensor, Tensor>
                ?? throw new NotSupportedException($"Layer '{name}' ({module.GetType().Name}) is not a tensor-to-tensor layer.");
            yield return (name, layer, layer is Sequential ? OnnxContract.BlockOutputName(kind, ++block) : null);
        }
    }
}
