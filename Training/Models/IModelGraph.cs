using MnistBlazor.Shared.Models;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Models;

/// <summary>
/// The operations a study architecture is wired from: its registered layer sequences (conv blocks, pooling,
/// batch norm, dense layers, flatten, dropout), the derived inputs and concatenation. The TorchSharp graph
/// runs them on tensors (the modules' forward pass); the ONNX graph writes them as nodes (the exporter).
/// So each architecture's wiring is written once, in <see cref="StudyModel.Logits{TValue}"/>.
/// </summary>
/// <typeparam name="TValue">A tensor, or a value of the graph being written.</typeparam>
public interface IModelGraph<TValue>
{
    /// <summary>
    /// A layer sequence registered on the model, as one step: run as it is (dropout acting in training mode
    /// only), or written layer by layer under its registered name (dropout is the identity at inference).
    /// </summary>
    TValue Layers(Sequential layers, TValue input);

    /// <summary>
    /// A convolutional branch (<paramref name="branch"/> says which), run or written like <see cref="Layers"/>;
    /// the outputs of its blocks (its nested sequences) are the activations the layer views show.
    /// </summary>
    TValue Blocks(BlockBranch branch, Sequential layers, TValue input);

    /// <summary>[N,1,28,28] -> [N,2,28]: the column means, then the row means (<see cref="FeatureOps.Projections"/>).</summary>
    TValue Projections(TValue images);

    /// <summary>[N,1,28,28] -> [N,1,4,14,14]: the four quarters on a depth axis (<see cref="FeatureOps.Quadrants"/>).</summary>
    TValue Quadrants(TValue images);

    /// <summary>Joins two [N, features] values along the feature axis; <paramref name="name"/> names the exported node.</summary>
    TValue Concat(string name, TValue first, TValue second);
}
