using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Server.Telemetry;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Inference;

/// <summary>
/// One model's ONNX Runtime session, shared by all requests. Callers lease it for one inference;
/// when a newer file replaces it, the session is disposed once the last lease ends.
/// </summary>
public sealed class LoadedModel
{
    private static readonly string[] InputNames = [OnnxContract.InputName];
    private static readonly string[] OutputNames = [OnnxContract.OutputName];

    private readonly InferenceSession session;
    private int references = 1; // the registry's own reference, dropped by Retire()

    private LoadedModel(string modelId, InferenceSession session, FileStamp stamp, string fileName, OnnxStamps sources, FamiliarityProfile? familiarity)
    {
        ModelId = modelId;
        this.session = session;
        FamiliarityProfile = familiarity;
        Stamp = stamp;
        FileName = fileName;
        Sources = sources;
    }

    public string ModelId { get; }

    /// <summary>What the model's features look like on learned digits (files exported before profiles have none).</summary>
    public FamiliarityProfile? FamiliarityProfile { get; }

    /// <summary>The file version this session was loaded from.</summary>
    public FileStamp Stamp { get; }

    /// <summary>The file this session runs: model.onnx, or model.int8.onnx (<see cref="ModelsOptions.Precision"/>).</summary>
    public string FileName { get; }

    /// <summary>The versions of both model files when this one was chosen: a change to either means choosing again.</summary>
    public OnnxStamps Sources { get; }

    /// <summary>
    /// The test accuracy from the metrics.json read together with this session's file (under the
    /// activation lock), so the two always belong to the same version.
    /// </summary>
    public double? TestAccuracy
    {
        get => Volatile.Read(ref testAccuracy) is { } boxed ? (double)boxed : null;
        set => Volatile.Write(ref testAccuracy, value);
    }

    private object? testAccuracy;

    /// <summary>
    /// Loads and checks a model file: input "image" [N,1,28,28], output "probabilities" [N,10].
    /// Throws <see cref="InvalidDataException"/> with a reason people can act on.
    /// </summary>
    public static LoadedModel Load(string modelId, string path, FileStamp stamp) =>
        Load(modelId, File.ReadAllBytes(path), $"{modelId}/{Path.GetFileName(path)}", stamp);

    /// <summary>
    /// Loads and checks an int8 file like <see cref="Load(string, byte[], string, FileStamp, OnnxStamps?, Func{IReadOnlyDictionary{string, string}, string?}?)"/>, and that it
    /// was quantized from <paramref name="fp32Content"/> (the hash Training quantize records), so a file left
    /// from an earlier export is refused. Without <paramref name="cpuHasInt8DotProducts"/> its weights must be
    /// 7-bit (<see cref="ModelFiles.Int8WeightBits"/>): full-range weights give wrong sums on such a CPU.
    /// </summary>
    public static LoadedModel LoadInt8(
        string modelId, byte[] content, string name, FileStamp stamp, byte[] fp32Content, OnnxStamps sources, bool cpuHasInt8DotProducts)
    {
        // The metadata can refuse the file before the blank-image run costs anything.
        return Load(modelId, content, name, stamp, sources, metadata =>
        {
            var recorded = metadata.GetValueOrDefault(ModelFiles.Int8SourceMetadataKey);
            if (!string.Equals(recorded, ModelFiles.SourceHash(fp32Content), StringComparison.OrdinalIgnoreCase))
            {
                return recorded is null
                    ? $"{name} does not say which model.onnx it was quantized from; run Training quantize again."
                    : $"{name} was quantized from another model.onnx than the one beside it; run Training quantize again.";
            }

            return !cpuHasInt8DotProducts && !HasSaturationFreeWeights(metadata)
                ? $"{name} has full-range int8 weights, whose sums overflow on this CPU (no VNNI int8 dot products); "
                  + $"run Training quantize again to write {ModelFiles.Int8WeightBits}-bit weights."
                : null;
        });
    }

    private static bool HasSaturationFreeWeights(IReadOnlyDictionary<string, string> metadata) =>
        int.TryParse(metadata.GetValueOrDefault(ModelFiles.Int8WeightBitsMetadataKey), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var bits)
        && bits <= ModelFiles.Int8WeightBits;

    /// <summary>
    /// Loads and checks a model from its file's content. <paramref name="name"/> (e.g. "cnn-quad/model.onnx")
    /// is how reasons name the file: never the server's absolute path.
    /// </summary>
    /// <param name="refusal">Reads the file's metadata and says why the file cannot serve, or null when it can.</param>
    public static LoadedModel Load(
        string modelId, byte[] content, string name, FileStamp stamp, OnnxStamps? sources = null,
        Func<IReadOnlyDictionary<string, string>, string?>? refusal = null)
    {
        InferenceSession session;
        try
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
            {
                IntraOpNumThreads = 1,
                InterOpNumThreads = 1,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = content.Length == 0
                ? throw new InvalidDataException($"{name} is empty (0 bytes).")
                : new InferenceSession(content, options);
        }
        catch (InvalidDataException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{name} cannot be loaded by ONNX Runtime: {FirstLine(e.Message)}", e);
        }

        try
        {
            if (refusal?.Invoke(session.ModelMetadata.CustomMetadataMap) is { } reason)
            {
                throw new InvalidDataException(reason);
            }

            RequireShape(session.InputMetadata, OnnxContract.InputName, [1, MnistGeometry.Side, MnistGeometry.Side], name, "input");
            RequireShape(session.OutputMetadata, OnnxContract.OutputName, [MnistGeometry.ClassCount], name, "output");
            var familiarity = FamiliarityOf(session, name);
            var model = new LoadedModel(modelId, session, stamp, Path.GetFileName(name), sources ?? new OnnxStamps(stamp, null), familiarity);
            var answers = model.Run(new float[MnistGeometry.PixelCount], 1, withFamiliarity: true, CancellationToken.None);
            if (answers.Probabilities.Length != MnistGeometry.ClassCount)
            {
                throw new InvalidDataException($"{name} returned {answers.Probabilities.Length} values for one image; expected {MnistGeometry.ClassCount}.");
            }

            return model;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            session.Dispose();
            throw e as InvalidDataException ?? new InvalidDataException($"{name} fails on a blank test image: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Ten probabilities for one 784-pixel image. Thread-safe (ONNX Runtime sessions are).</summary>
    public float[] Predict(ReadOnlySpan<float> pixels) => Answer(pixels).Probabilities;

    /// <summary>Ten probabilities for one 784-pixel image, with its distance from the learned digits when the file has a familiarity profile.</summary>
    public ModelAnswers Answer(ReadOnlySpan<float> pixels)
    {
        if (pixels.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        return AnswerBatch(pixels.ToArray(), 1);
    }

    /// <summary>
    /// Ten probabilities per image for <paramref name="count"/> images of 784 pixels each, in one run.
    /// Cancelling terminates the run (ONNX Runtime checks between operators) with <see cref="OperationCanceledException"/>.
    /// </summary>
    public float[] PredictBatch(float[] pixels, int count, CancellationToken cancellationToken = default) =>
        Measured(pixels, count, withFamiliarity: false, cancellationToken).Probabilities;

    /// <summary>
    /// <see cref="PredictBatch"/> with each image's distance from the learned digits when the file has a familiarity
    /// profile (its feature block comes out of the same run).
    /// </summary>
    public ModelAnswers AnswerBatch(float[] pixels, int count, CancellationToken cancellationToken = default) =>
        Measured(pixels, count, withFamiliarity: true, cancellationToken);

    private ModelAnswers Measured(float[] pixels, int count, bool withFamiliarity, CancellationToken cancellationToken)
    {
        if (count < 1 || pixels.Length != count * MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {count} x {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        using var measurement = InferenceTelemetry.Measure(ModelId, count);
        return Run(pixels, count, withFamiliarity, cancellationToken);
    }

    /// <summary>The names of every output the model file declares (files exported with layer views have more than "probabilities").</summary>
    public IReadOnlyCollection<string> DeclaredOutputs => session.OutputNames;

    /// <summary>
    /// The named float outputs (shape and values) for one 784-pixel image, in one run. Cancelling terminates
    /// the run with <see cref="OperationCanceledException"/>. Not counted in the classification telemetry.
    /// </summary>
    public IReadOnlyList<(long[] Shape, float[] Values)> RunOutputs(float[] pixels, IReadOnlyList<string> outputNames, CancellationToken cancellationToken)
    {
        if (pixels.Length != MnistGeometry.PixelCount)
        {
            throw new ArgumentException($"Expected {MnistGeometry.PixelCount} pixels; got {pixels.Length}.", nameof(pixels));
        }

        return Run(pixels, 1, outputNames, outputs => outputs
            .Select(output => (output.GetTensorTypeAndShape().Shape, output.GetTensorDataAsSpan<float>().ToArray()))
            .ToArray(), cancellationToken);
    }

    /// <summary>One session run, not counted in the inference telemetry (the load-time check uses it directly).</summary>
    private ModelAnswers Run(float[] pixels, int count, bool withFamiliarity, CancellationToken cancellationToken) =>
        withFamiliarity && FamiliarityProfile is { } profile
            ? Run(pixels, count, [OnnxContract.OutputName, profile.FeatureOutput], outputs => new ModelAnswers(
                outputs[0].GetTensorDataAsSpan<float>().ToArray(),
                [.. profile.Distances(outputs[1].GetTensorDataAsSpan<float>(), outputs[1].GetTensorTypeAndShape().Shape)
                    .Select(distance => new Familiarity(distance, profile.Threshold))]), cancellationToken)
            : Run(pixels, count, OutputNames, outputs => new ModelAnswers(outputs[0].GetTensorDataAsSpan<float>().ToArray(), null), cancellationToken);

    /// <summary>The file's familiarity profile, checked against its outputs; a profile that cannot serve refuses the file.</summary>
    private static FamiliarityProfile? FamiliarityOf(InferenceSession session, string name)
    {
        if (!session.ModelMetadata.CustomMetadataMap.TryGetValue(FamiliarityProfile.MetadataKey, out var text))
        {
            return null;
        }

        FamiliarityProfile profile;
        try
        {
            profile = FamiliarityProfile.FromMetadata(text);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{name}: {e.Message} Export the model again.", e);
        }

        if (!session.OutputMetadata.TryGetValue(profile.FeatureOutput, out var output))
        {
            throw new InvalidDataException(
                $"{name}: its familiarity profile reads the output '{profile.FeatureOutput}', which the file does not have. Export the model again.");
        }

        if (output.ElementType != typeof(float) || output.Dimensions.Length != 4 || output.Dimensions[1] != profile.Dimensions)
        {
            throw new InvalidDataException(
                $"{name}: its familiarity profile reads {profile.Dimensions} channels of '{profile.FeatureOutput}', which is "
                + $"{output.ElementType.Name}[{string.Join(",", output.Dimensions)}]. Export the model again.");
        }

        return profile;
    }

    private T Run<T>(float[] pixels, int count, IReadOnlyCollection<string> outputNames, Func<IReadOnlyList<OrtValue>, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var inputValue = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, MnistGeometry.Side, MnistGeometry.Side]);
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            using var outputs = session.Run(runOptions, InputNames, [inputValue], outputNames);
            return read(outputs);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            session.Dispose();
        }
    }

    /// <summary>Drops the registry's reference: the session closes after the last lease.</summary>
    public void Retire() => Release();

    private static void RequireShape(
        IReadOnlyDictionary<string, NodeMetadata> nodes, string name, int[] trailingDimensions, string path, string kind)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new InvalidDataException(
                $"{path} has no {kind} named '{name}' (it has: {string.Join(", ", nodes.Keys)}).");
        }

        var dimensions = node.Dimensions;
        var expected = "[N," + string.Join(",", trailingDimensions) + "]";
        if (node.ElementType != typeof(float)
            || dimensions.Length != trailingDimensions.Length + 1
            || !dimensions.AsSpan(1).SequenceEqual(trailingDimensions))
        {
            throw new InvalidDataException(
                $"{path}: {kind} '{name}' is {node.ElementType.Name}[{string.Join(",", dimensions)}]; expected float{expected}.");
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}

/// <summary>A run's ten probabilities per image, and each image's familiarity when the model has a profile.</summary>
public sealed record ModelAnswers(float[] Probabilities, Familiarity[]? Familiarities);

/// <summary>The versions of a model's fp32 file and of its int8 file (null: absent, or not wanted by <see cref="ModelsOptions.Precision"/>).</summary>
public readonly record struct OnnxStamps(FileStamp? Fp32, FileStamp? Int8);

/// <summary>Identifies one version of a file (size and last write time).</summary>
public readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    public static FileStamp? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : null;
    }
}
