namespace MnistBlazor.Training.Onnx;

/// <summary>A named value in the ONNX graph and its rank (Linear exports as Gemm on rank 2, MatMul + Add otherwise).</summary>
public readonly record struct OnnxValue(string Name, int Rank);
