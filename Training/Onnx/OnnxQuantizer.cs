using System.Runtime.InteropServices;
using Google.Protobuf;
using MnistBlazor.Shared.Models;
using Onnx;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// Static int8 quantization of an exported fp32 graph in QDQ form, which ONNX Runtime fuses into int8 kernels
/// at its full optimization level: each Conv, Gemm and MatMul with a constant weight gets its weight as int8,
/// symmetric per output channel in 7 bits (<see cref="ModelFiles.Int8WeightBits"/>), its bias (Conv, Gemm) as
/// int32 at the input scale times the weight scale, and its input as uint8 per tensor from calibrated ranges. A Conv's output is quantized too (after its ReLU,
/// which ONNX Runtime then drops): its int8 kernel needs a quantized output; so is a Gemm's or MatMul's ReLU output. Everything else (pooling, batch
/// norm, softmax, the derived inputs) stays fp32, and so do the layer-view outputs.
/// </summary>
public static class OnnxQuantizer
{
    public const string PrecisionMetadataKey = "precision";
    public const string Int8Precision = "int8";

    private const int WeightLimit = (1 << (ModelFiles.Int8WeightBits - 1)) - 1;
    private const int ActivationLevels = 255;

    private static readonly HashSet<string> QuantizableOps = ["Conv", "Gemm", "MatMul"];

    /// <summary>The activations whose range the quantized graph needs, in graph order.</summary>
    public static IReadOnlyList<string> ActivationsToCalibrate(ModelProto model) => Plan(model.Graph).Activations;

    /// <summary>
    /// The QDQ form of <paramref name="model"/> (left unchanged) with the calibrated <paramref name="ranges"/>
    /// of every activation <see cref="ActivationsToCalibrate"/> names.
    /// </summary>
    public static ModelProto Quantize(ModelProto model, IReadOnlyDictionary<string, ValueRange> ranges, int calibrationImages)
    {
        var quantized = model.Clone();
        var graph = quantized.Graph;
        var plan = Plan(graph);
        var missing = plan.Activations.Where(a => !ranges.ContainsKey(a)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"No calibrated range for {string.Join(", ", missing)}.", nameof(ranges));
        }

        var names = new HashSet<string>(graph.Node.SelectMany(n => n.Output).Concat(graph.Initializer.Select(i => i.Name)).Concat(graph.Input.Select(i => i.Name)), StringComparer.Ordinal);
        var initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var activationParameters = plan.Activations.ToDictionary(a => a, a => ActivationParameters.Of(ranges[a]), StringComparer.Ordinal);
        var dequantized = plan.Activations.ToDictionary(a => a, a => Claim(names, $"{a}_dequantized"), StringComparer.Ordinal);

        var nodes = new List<NodeProto>();
        var replacedInitializers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in plan.Nodes)
        {
            var input = activationParameters[node.Input[0]];
            var weight = initializers[node.Input[1]];
            var axis = WeightChannelAxis(node);
            var (weightValues, weightScales) = QuantizeWeight(weight, axis);
            node.Input[1] = Dequantize(graph, nodes, names, weight.Name, Int8Tensor(weight.Name + "_int8", weight.Dims, weightValues), weightScales, axis);
            replacedInitializers.Add(weight.Name);
            if (node.OpType != "MatMul" && node.Input.Count > 2 && initializers.TryGetValue(node.Input[2], out var bias))
            {
                var biasScales = weightScales.Select(s => s * input.Scale).ToArray();
                var biasValues = FloatValues(bias).Select((b, c) => (int)Math.Clamp(Math.Round(b / biasScales[c]), int.MinValue, int.MaxValue)).ToArray();
                node.Input[2] = Dequantize(graph, nodes, names, bias.Name, Int32Tensor(bias.Name + "_int32", bias.Dims, biasValues), biasScales, axis: 0);
                replacedInitializers.Add(bias.Name);
            }
        }

        foreach (var name in replacedInitializers.Where(name => !graph.Node.Any(n => n.Input.Contains(name))))
        {
            graph.Initializer.Remove(initializers[name]);
        }

        var quantizedNodes = plan.Nodes.ToHashSet();
        foreach (var activation in plan.Activations.Where(a => graph.Input.Any(i => i.Name == a)))
        {
            QuantizeActivation(graph, nodes, names, activation, activationParameters[activation], dequantized[activation]);
        }

        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                // A quantized output is replaced for every consumer; other activations only for the int8 nodes.
                if (dequantized.TryGetValue(node.Input[i], out var replacement)
                    && (plan.QuantizedOutputs.Contains(node.Input[i]) || (quantizedNodes.Contains(node) && i == 0)))
                {
                    node.Input[i] = replacement;
                }
            }

            nodes.Add(node);
            foreach (var output in node.Output.Where(activationParameters.ContainsKey))
            {
                QuantizeActivation(graph, nodes, names, output, activationParameters[output], dequantized[output]);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        quantized.DocString += $" Int8 QDQ form: weights int8 ({ModelFiles.Int8WeightBits} bits) per output channel, activations uint8 per tensor calibrated on {calibrationImages} MNIST training images.";
        quantized.MetadataProps.Add(new StringStringEntryProto { Key = PrecisionMetadataKey, Value = Int8Precision });
        quantized.MetadataProps.Add(new StringStringEntryProto
        {
            Key = ModelFiles.Int8WeightBitsMetadataKey,
            Value = ModelFiles.Int8WeightBits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return quantized;
    }

    /// <summary>The nodes to run in int8 and the activations they need quantized.</summary>
    private static QuantizationPlan Plan(GraphProto graph)
    {
        var floatInitializers = graph.Initializer
            .Where(i => i.DataType == (int)TensorProto.Types.DataType.Float)
            .ToDictionary(i => i.Name, StringComparer.Ordinal);
        var consumers = graph.Node
            .SelectMany(node => node.Input.Select(input => (input, node)))
            .ToLookup(pair => pair.input, pair => pair.node, StringComparer.Ordinal);
        var nodes = graph.Node.Where(node => IsQuantizable(node, floatInitializers)).ToList();
        var outputs = nodes.Select(node => QuantizedOutput(node, consumers)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var wanted = nodes.Select(node => node.Input[0]).Concat(outputs).ToHashSet(StringComparer.Ordinal);
        var order = graph.Input.Select(i => i.Name).Concat(graph.Node.SelectMany(n => n.Output));
        return new QuantizationPlan(nodes, order.Where(wanted.Contains).ToArray(), outputs);
    }

    private static bool IsQuantizable(NodeProto node, IReadOnlyDictionary<string, TensorProto> floatInitializers)
    {
        if (!QuantizableOps.Contains(node.OpType) || node.Input.Count < 2 || !floatInitializers.TryGetValue(node.Input[1], out var weight))
        {
            return false;
        }

        return node.OpType switch
        {
            // As exported: y = x W^T + b; other Gemm forms stay fp32.
            "Gemm" => Attribute(node, "transB") == 1 && Attribute(node, "transA") is null or 0
                && node.Attribute.All(a => a.Name is "transA" or "transB"),
            "MatMul" => weight.Dims.Count == 2,
            _ => node.Attribute.All(a => a.Name != "group" || a.I == 1),
        };
    }

    /// <summary>
    /// The output to quantize after an int8 node: a ReLU's output when a ReLU is its only consumer (ONNX Runtime
    /// then drops the ReLU; left fp32 it would fuse the ReLU into an fp32 Gemm first), else a Conv's own output
    /// (its int8 kernel needs one); none for other nodes.
    /// </summary>
    private static string? QuantizedOutput(NodeProto node, ILookup<string, NodeProto> consumers) =>
        consumers[node.Output[0]].ToArray() is [{ OpType: "Relu" } relu] ? relu.Output[0]
            : node.OpType == "Conv" ? node.Output[0]
            : null;

    /// <summary>The output-channel axis of a weight: [out, in, k...] for Conv, [out, in] for Gemm with transB, [in, out] for MatMul.</summary>
    private static int WeightChannelAxis(NodeProto node) => node.OpType == "MatMul" ? 1 : 0;

    private static void QuantizeActivation(GraphProto graph, List<NodeProto> nodes, HashSet<string> names, string activation, ActivationParameters parameters, string dequantizedName)
    {
        var scale = Claim(names, $"{activation}.scale");
        var zeroPoint = Claim(names, $"{activation}.zero_point");
        graph.Initializer.Add(FloatTensor(scale, [], [parameters.Scale]));
        graph.Initializer.Add(new TensorProto { Name = zeroPoint, DataType = (int)TensorProto.Types.DataType.Uint8, RawData = ByteString.CopyFrom(parameters.ZeroPoint) });
        var quantizedName = Claim(names, $"{activation}_quantized");
        nodes.Add(Node("QuantizeLinear", quantizedName, [activation, scale, zeroPoint], axis: null));
        nodes.Add(Node("DequantizeLinear", dequantizedName, [quantizedName, scale, zeroPoint], axis: null));
    }

    /// <summary>Adds the quantized initializer, its per-channel scales and zero points, and the node dequantizing it; returns the dequantized name.</summary>
    private static string Dequantize(GraphProto graph, List<NodeProto> nodes, HashSet<string> names, string name, TensorProto quantized, float[] scales, int axis)
    {
        Claim(names, quantized.Name);
        graph.Initializer.Add(quantized);
        var scale = Claim(names, $"{name}.scale");
        graph.Initializer.Add(FloatTensor(scale, [scales.Length], scales));
        var zeroPoint = Claim(names, $"{name}.zero_point");
        var zeros = new TensorProto { Name = zeroPoint, DataType = quantized.DataType, Dims = { scales.Length } };
        zeros.RawData = ByteString.CopyFrom(new byte[scales.Length * (quantized.DataType == (int)TensorProto.Types.DataType.Int32 ? sizeof(int) : sizeof(sbyte))]);
        graph.Initializer.Add(zeros);
        var output = Claim(names, $"{name}_dequantized");
        nodes.Add(Node("DequantizeLinear", output, [quantized.Name, scale, zeroPoint], axis));
        return output;
    }

    /// <summary>Symmetric int8 per channel along <paramref name="axis"/>: scale = max |w| / <see cref="WeightLimit"/>, zero point 0.</summary>
    private static (sbyte[] Values, float[] Scales) QuantizeWeight(TensorProto weight, int axis)
    {
        var values = FloatValues(weight);
        var dims = weight.Dims.ToArray();
        var channels = (int)dims[axis];
        var inner = (int)dims.Skip(axis + 1).Aggregate(1L, (a, b) => a * b);
        var scales = new float[channels];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = i / inner % channels;
            scales[channel] = Math.Max(scales[channel], Math.Abs(values[i]));
        }

        for (var c = 0; c < channels; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / WeightLimit : 1f;
        }

        var quantized = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            quantized[i] = (sbyte)Math.Clamp(MathF.Round(values[i] / scales[i / inner % channels]), -WeightLimit, WeightLimit);
        }

        return (quantized, scales);
    }

    private static float[] FloatValues(TensorProto tensor) =>
        tensor.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray() : tensor.FloatData.ToArray();

    private static TensorProto FloatTensor(string name, long[] dims, float[] values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims }, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };

    private static TensorProto Int8Tensor(string name, IEnumerable<long> dims, sbyte[] values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int8, Dims = { dims }, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };

    private static TensorProto Int32Tensor(string name, IEnumerable<long> dims, int[] values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int32, Dims = { dims }, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };

    private static NodeProto Node(string opType, string output, string[] inputs, int? axis)
    {
        var node = new NodeProto { OpType = opType, Name = output, Input = { inputs }, Output = { output } };
        if (axis is { } value)
        {
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = value });
        }

        return node;
    }

    private static long? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I;

    private static string Claim(HashSet<string> names, string name) =>
        names.Add(name) ? name : throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");

    private sealed record QuantizationPlan(IReadOnlyList<NodeProto> Nodes, IReadOnlyList<string> Activations, IReadOnlySet<string> QuantizedOutputs);

    /// <summary>Asymmetric uint8 over the range widened to include 0 (so zero padding and ReLU's zero are exact).</summary>
    private readonly record struct ActivationParameters(float Scale, byte ZeroPoint)
    {
        public static ActivationParameters Of(ValueRange range)
        {
            var min = Math.Min(0f, range.Min);
            var max = Math.Max(0f, range.Max);
            if (max - min <= 0)
            {
                return new ActivationParameters(1f, 0);
            }

            var scale = (max - min) / ActivationLevels;
            return new ActivationParameters(scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, ActivationLevels));
        }
    }
}

/// <summary>The smallest and largest value an activation took over the calibration images.</summary>
public readonly record struct ValueRange(float Min, float Max)
{
    public ValueRange Including(ReadOnlySpan<float> values)
    {
        var (min, max) = (Min, Max);
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return new ValueRange(min, max);
    }

    public static ValueRange Empty => new(float.PositiveInfinity, float.NegativeInfinity);
}
