using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Models;

/// <summary>
/// One of the study's architectures. Its layer sequences are registered fields (their names are the keys of
/// saved weights, so they must not change); <see cref="Logits{TValue}"/> wires them once, for both the
/// forward pass here and the ONNX export.
/// </summary>
public abstract class StudyModel(string name) : Module<Tensor, Tensor>(name)
{
    /// <summary>The logits [N,10] of images [N,1,28,28], written against either graph.</summary>
    public abstract TValue Logits<TValue>(IModelGraph<TValue> graph, TValue images);

    public sealed override Tensor forward(Tensor images)
    {
        ModelInput.Require(images);
        using var scope = NewDisposeScope();
        return Logits(TorchModelGraph.Instance, images).MoveToOuterDisposeScope();
    }
}
