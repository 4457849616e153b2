using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Onnx;

/// <summary>
/// Builds an ONNX graph node by node from TorchSharp layers (weights become initializers).
/// Node and value names follow the module paths, so a node is easy to trace back to its layer.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>Marks a dimension left undeclared in <see cref="OutputOfRank"/>.</summary>
    private const long Unknown = -1;

    private readonly GraphProto graph;
    private readonly HashSet<string> names = [];

    public OnnxGraphBuilder(string graphName)
    {
        graph = new GraphProto { Name = graphName };
    }

    public GraphProto Graph => graph;

    /// <summary>The graph as a model in the default ONNX domain at <see cref="OnnxExporter.OpsetVersion"/>.</summary>
    public ModelProto ToModel(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxExporter.IrVersion,
            ProducerName = OnnxExporter.ProducerName,
            ModelVersion = 1,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExporter.OpsetVersion });
        return model;
    }

    /// <summary>A float input; a null dimension is dynamic and named by <paramref name="dynamicDimension"/>.</summary>
    public OnnxValue Input(string name, long?[] dims, string dynamicDimension)
    {
        graph.Input.Add(FloatValueInfo(Claim(name), dims, dynamicDimension));
        return new OnnxValue(name, dims.Length);
    }

    public void Output(OnnxValue value, long?[] dims, string dynamicDimension)
    {
        if (value.Rank != dims.Length)
        {
            throw new InvalidOperationException($"Output '{value.Name}' has rank {value.Rank}, declared with {dims.Length} dimensions.");
        }

        graph.Output.Add(FloatValueInfo(value.Name, dims, dynamicDimension));
    }

    /// <summary>
    /// An extra float output: its batch dimension is dynamic, the others are left to the runtime's shape
    /// inference (so the exporter need not track shapes).
    /// </summary>
    public void OutputOfRank(OnnxValue value, string dynamicDimension) =>
        graph.Output.Add(FloatValueInfo(value.Name, [null, .. Enumerable.Repeat<long?>(Unknown, value.Rank - 1)], dynamicDimension));

    public OnnxValue Identity(string name, OnnxValue input) => Unary("Identity", name, input);

    public OnnxValue Conv(string name, OnnxValue input, Convolution conv)
    {
        if (conv.transposed || conv.groups != 1 || conv.padding_mode != TorchSharp.PaddingModes.Zeros)
        {
            throw new NotSupportedException($"Layer '{name}': only plain zero-padded convolutions are exported.");
        }

        var kernel = conv.kernel_size;
        var padding = ConvPadding(name, conv);
        var inputs = new List<string> { input.Name, Initializer($"{name}.weight", conv.weight) };
        if (conv.bias is not null)
        {
            inputs.Add(Initializer($"{name}.bias", conv.bias));
        }

        Node("Conv", name, inputs,
            Ints("kernel_shape", kernel),
            Ints("strides", conv.stride),
            Ints("dilations", conv.dilation),
            Ints("pads", [.. padding, .. padding]));
        return input with { Name = name };
    }

    public OnnxValue Relu(string name, OnnxValue input) => Unary("Relu", name, input);

    /// <summary>Max pooling with floor output size (ONNX ceil_mode 0, as PyTorch and Keras 'valid').</summary>
    public OnnxValue MaxPool(string name, OnnxValue input, long[] kernel, long[]? stride, long[]? padding, long[]? dilation, bool ceilMode)
    {
        if (ceilMode || (dilation is not null && dilation.Any(d => d != 1)))
        {
            throw new NotSupportedException($"Layer '{name}': only floor-mode, undilated max pooling is exported.");
        }

        var pads = padding ?? new long[kernel.Length];
        Node("MaxPool", name, [input.Name],
            Ints("kernel_shape", kernel),
            Ints("strides", stride ?? kernel),
            Ints("pads", [.. pads, .. pads]),
            Int("ceil_mode", 0));
        return input with { Name = name };
    }

    /// <summary>Inference-form batch normalization with the running statistics.</summary>
    public OnnxValue BatchNorm(string name, OnnxValue input, NormBase norm)
    {
        if (norm.weight is null || norm.bias is null || norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException($"Layer '{name}': batch norm needs affine weights and running statistics to be exported.");
        }

        Node("BatchNormalization", name,
            [
                input.Name,
                Initializer($"{name}.weight", norm.weight),
                Initializer($"{name}.bias", norm.bias),
                Initializer($"{name}.running_mean", norm.running_mean),
                Initializer($"{name}.running_var", norm.running_var),
            ],
            Float("epsilon", (float)norm.eps));
        return input with { Name = name };
    }

    /// <summary>y = x W^T + b on the last axis: Gemm for rank 2, MatMul + Add for higher ranks.</summary>
    public OnnxValue Linear(string name, OnnxValue input, Linear linear)
    {
        if (linear.bias is null)
        {
            throw new NotSupportedException($"Layer '{name}': only linear layers with a bias are exported.");
        }

        var bias = Initializer($"{name}.bias", linear.bias);
        if (input.Rank == 2)
        {
            Node("Gemm", name, [input.Name, Initializer($"{name}.weight", linear.weight), bias], Int("transB", 1));
            return input with { Name = name };
        }

        using var transposed = linear.weight.detach().t();
        var product = Node("MatMul", $"{name}.matmul", [input.Name, Initializer($"{name}.weight_transposed", transposed)]);
        Node("Add", name, [product, bias]);
        return input with { Name = name };
    }

    /// <summary>ONNX Flatten to [dims before axis, dims from axis on]; equals torch flatten(axis, -1) for axis 1.</summary>
    public OnnxValue Flatten(string name, OnnxValue input, long axis)
    {
        Node("Flatten", name, [input.Name], Int("axis", axis));
        return new OnnxValue(name, 2);
    }

    public OnnxValue Concat(string name, long axis, params OnnxValue[] inputs)
    {
        if (inputs.Select(i => i.Rank).Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"Concat '{name}': inputs of different ranks.");
        }

        Node("Concat", name, inputs.Select(i => i.Name), Int("axis", axis));
        return new OnnxValue(name, inputs[0].Rank);
    }

    /// <summary>Mean over one axis, which is dropped (opset 13 form: axes as an attribute).</summary>
    public OnnxValue ReduceMean(string name, OnnxValue input, long axis)
    {
        Node("ReduceMean", name, [input.Name], Ints("axes", [axis]), Int("keepdims", 0));
        return new OnnxValue(name, input.Rank - 1);
    }

    public OnnxValue Reshape(string name, OnnxValue input, long[] shape)
    {
        Node("Reshape", name, [input.Name, Int64Initializer($"{name}.shape", shape)]);
        return new OnnxValue(name, shape.Length);
    }

    public OnnxValue Transpose(string name, OnnxValue input, long[] permutation)
    {
        Node("Transpose", name, [input.Name], Ints("perm", permutation));
        return input with { Name = name };
    }

    public OnnxValue Softmax(string name, OnnxValue input, long axis)
    {
        Node("Softmax", name, [input.Name], Int("axis", axis));
        return input with { Name = name };
    }

    private OnnxValue Unary(string opType, string name, OnnxValue input)
    {
        Node(opType, name, [input.Name]);
        return input with { Name = name };
    }

    /// <summary>Adds a node whose single output is named like the node.</summary>
    private string Node(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Claim(name) };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return name;
    }

    private string Initializer(string name, Tensor tensor)
    {
        using var values = tensor.detach().cpu().to_type(ScalarType.Float32).contiguous();
        var data = values.data<float>().ToArray();
        var proto = new TensorProto
        {
            Name = Claim(name),
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.AsSpan())),
        };
        proto.Dims.AddRange(values.shape);
        graph.Initializer.Add(proto);
        return name;
    }

    private string Int64Initializer(string name, long[] values)
    {
        var proto = new TensorProto { Name = Claim(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return name;
    }

    private string Claim(string name) =>
        names.Add(name) ? name : throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");

    private static long[] ConvPadding(string name, Convolution conv)
    {
        if (conv.padding_type is TorchSharp.Padding type)
        {
            if (type == TorchSharp.Padding.Valid)
            {
                return new long[conv.kernel_size.Length];
            }

            if (conv.kernel_size.Any(k => k % 2 == 0) || conv.dilation.Any(d => d != 1))
            {
                throw new NotSupportedException($"Layer '{name}': 'same' padding is exported for odd, undilated kernels only.");
            }

            return conv.kernel_size.Select(k => k / 2).ToArray();
        }

        return conv.padding ?? new long[conv.kernel_size.Length];
    }

    private static ValueInfoProto FloatValueInfo(string name, long?[] dims, string dynamicDimension)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                Unknown => new TensorShapeProto.Types.Dimension(),
                long value => new TensorShapeProto.Types.Dimension { DimValue = value },
                null => new TensorShapeProto.Types.Dimension { DimParam = dynamicDimension },
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }

    private static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };
}
