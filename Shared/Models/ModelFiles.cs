namespace MnistBlazor.Shared.Models;

/// <summary>
/// Where a model's files live inside a models directory: one folder per model id. Training writes
/// these files (each atomically) and the server reads them.
/// </summary>
public sealed class ModelFiles(string modelsDirectory, string modelId)
{
    public string ModelId { get; } = modelId;
    public string Directory { get; } = Path.Combine(modelsDirectory, modelId);
    public string Weights => Path.Combine(Directory, "weights.bin");
    public string Checkpoint => Path.Combine(Directory, "checkpoint.bin");
    public string History => Path.Combine(Directory, "history.json");
    public string Metrics => Path.Combine(Directory, "metrics.json");
    /// <summary>The model's metrics on another labelled set than MNIST's test set, e.g. <c>metrics-pen-digits.json</c>.</summary>
    public string MetricsOn(string dataset) => Path.Combine(Directory, $"metrics-{dataset}.json");
    public string Card => Path.Combine(Directory, "card.json");
    public string Onnx => Path.Combine(Directory, "model.onnx");
    /// <summary>The int8 (QDQ) form of <see cref="Onnx"/>, written beside it by training, export and <c>Training quantize</c>.</summary>
    public string Int8Onnx => Path.Combine(Directory, "model.int8.onnx");

    /// <summary>The metadata entry of <see cref="Int8Onnx"/> holding <see cref="SourceHash"/> of the model.onnx it was quantized from.</summary>
    public const string Int8SourceMetadataKey = "source_sha256";

    /// <summary>The metadata entry of <see cref="Int8Onnx"/> giving how many bits its weights use (<see cref="Int8WeightBits"/>).</summary>
    public const string Int8WeightBitsMetadataKey = "weight_bits";

    /// <summary>
    /// Int8 weights use 7 bits (-63..63): on a CPU without VNNI, ONNX Runtime's int8 kernels add pairs of
    /// uint8 x int8 products in 16 bits, which 2 x 255 x 63 cannot overflow and 2 x 255 x 127 can.
    /// </summary>
    public const int Int8WeightBits = 7;

    /// <summary>How an int8 file names its fp32 source: the SHA-256 of the source file's bytes, lowercase hex.</summary>
    public static string SourceHash(ReadOnlySpan<byte> fp32Content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(fp32Content));

    public static ModelFiles For(string modelsDirectory, ModelSpec spec) => new(modelsDirectory, spec.Id);
}
