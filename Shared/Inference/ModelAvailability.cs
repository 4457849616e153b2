namespace MnistBlazor.Shared.Inference;

/// <summary>Whether a model can answer right now.</summary>
public enum ModelAvailability
{
    /// <summary>Loaded and answering.</summary>
    Ready,

    /// <summary>Not trained yet: its ONNX file does not exist.</summary>
    NotTrained,

    /// <summary>Its file exists but cannot be used (corrupt, wrong shape...); the reason says why.</summary>
    Unavailable,
}
