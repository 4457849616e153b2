namespace MnistBlazor.Shared.Models;

/// <summary>
/// The interface of every model file: one float input [N,1,28,28] of 0..1 intensities and one output [N,10]
/// of probabilities (the softmax is inside the graph). Training writes it, the server checks and runs it.
/// </summary>
public static class OnnxContract
{
    public const string InputName = "image";
    public const string OutputName = "probabilities";

    /// <summary>The name of the dynamic batch dimension N.</summary>
    public const string BatchDimension = "N";
}
