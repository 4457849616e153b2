namespace MnistBlazor.Shared.Inference;

/// <summary>Runs every model on a preprocessed 28x28 image. Implemented by the server (ONNX Runtime).</summary>
public interface IDigitClassifier
{
    /// <summary>Every model and the ensemble, in card order, as they are now.</summary>
    IReadOnlyList<ModelStatus> Models { get; }

    /// <summary>Where the models' files are read from (shown when none is trained).</summary>
    string ModelsDirectory { get; }

    /// <summary>Raised (on any thread) when models were loaded, reloaded or became unavailable.</summary>
    event Action? ModelsChanged;

    /// <summary>
    /// Classifies one MNIST-style image: 784 values, row-major, 0..1, 1 = ink. Every model answers
    /// or says why it cannot; one model failing never stops the others.
    /// </summary>
    Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default);
}
