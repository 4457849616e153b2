using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// Writes a TorchSharp layer sequence into the graph by walking its named children in order,
/// so the sequence that runs the forward pass is the one that is exported. Dropout vanishes.
/// </summary>
public static class OnnxLayerWriter
{
    /// <summary>Writes the child <paramref name="branch"/> of <paramref name="owner"/>, named by its registered name.</summary>
    public static OnnxValue WriteBranch(OnnxGraphBuilder builder, Module owner, Sequential branch, OnnxValue input) =>
        Write(builder, BranchName(owner, branch), branch, input);

    /// <summary>The name <paramref name="branch"/> is registered under in <paramref name="owner"/>.</summary>
    public static string BranchName(Module owner, Sequential branch) =>
        owner.named_children().FirstOrDefault(child => ReferenceEquals(child.module, branch)).name
            ?? throw new ArgumentException($"The branch is not a registered child of {owner.GetType().Name}.", nameof(branch));

    public static OnnxValue Write(OnnxGraphBuilder builder, string path, Module<Tensor, Tensor> layer, OnnxValue input) =>
        layer switch
        {
            Sequential sequence => sequence.named_children()
                .Aggregate(input, (value, child) => Write(builder, $"{path}.{child.name}", AsLayer($"{path}.{child.name}", child.module), value)),
            Convolution conv => builder.Conv(path, input, conv),
            TorchSharp.Modules.ReLU => builder.Relu(path, input),
            MaxPool2d pool => builder.MaxPool(path, input, pool.kernel_size, pool.stride, pool.padding, pool.dilation, pool.ceil_mode),
            MaxPool3d pool => builder.MaxPool(path, input, pool.kernel_size, pool.stride, pool.padding, pool.dilation, pool.ceil_mode),
            NormBase norm => builder.BatchNorm(path, input, norm),
            Linear linear => builder.Linear(path, input, linear),
            Flatten flatten when flatten.start_dim == 1 && flatten.end_dim == -1 => builder.Flatten(path, input, 1),
            TorchSharp.Modules.Dropout => input,
            _ => throw new NotSupportedException($"Layer '{path}' ({layer.GetType().Name}) has no ONNX export."),
        };

    private static Module<Tensor, Tensor> AsLayer(string path, Module module) =>
        module as Module<Tensor, Tensor>
            ?? throw new NotSupportedException($"Layer '{path}' ({module.GetType().Name}) is not a tensor-to-tensor layer.");
}
