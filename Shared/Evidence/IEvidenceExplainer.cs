namespace MnistBlazor.Shared.Evidence;

/// <summary>Measures why each model answered as it did on an image. Implemented by the server (ONNX Runtime).</summary>
public interface IEvidenceExplainer
{
    /// <summary>
    /// Every model's and the ensemble's occlusion evidence on one 784-pixel image (0..1, 1 = ink), or
    /// why a model has none. Cancelling stops before the next model's run and aborts the current one.
    /// </summary>
    Task<DigitEvidence> ExplainAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default);
}
