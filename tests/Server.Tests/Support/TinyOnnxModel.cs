using Google.Protobuf;
using MnistBlazor.Shared.Models;
using Onnx;

namespace MnistBlazor.Server.Tests.Support;

/// <summary>
/// Writes a real, tiny ONNX classifier with the app's contract (input "image" float [N,1,28,28],
/// output "probabilities" [N,10] after softmax): logits[d] = bias[d] + inkWeight[d] * sum(pixels).
/// Enough to make predictions that depend on the image and differ between models.
/// </summary>
public static class TinyOnnxModel
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    /// <param name="paddingFloats">Adds an unused initializer of this many floats: a large file that takes long to load.</param>
    public static void Write(string path, float[] bias, float[] inkWeight, string inputName = OnnxContract.InputName, string outputName = OnnxContract.OutputName, int paddingFloats = 0, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var weights = new float[784 * 10];
        for (var pixel = 0; pixel < 784; pixel++)
        {
            for (var digit = 0; digit < 10; digit++)
            {
                weights[pixel * 10 + digit] = inkWeight[digit];
            }
        }

        var graph = new GraphProto { Name = "tiny" };
        graph.Input.Add(Tensor(inputName, new Dim("N"), new Dim(1), new Dim(28), new Dim(28)));
        graph.Output.Add(Tensor(outputName, new Dim("N"), new Dim(10)));
        graph.Initializer.Add(Int64Initializer("flat_shape", [-1, 784]));
        graph.Initializer.Add(FloatInitializer("weights", weights, 784, 10));
        graph.Initializer.Add(FloatInitializer("bias", bias, 10));
        if (paddingFloats > 0)
        {
            graph.Initializer.Add(FloatInitializer("padding", new float[paddingFloats], paddingFloats));
        }
        graph.Node.Add(Node("Reshape", [inputName, "flat_shape"], ["flat"]));
        graph.Node.Add(Node("Gemm", ["flat", "weights", "bias"], ["logits"]));
        var softmax = Node("Softmax", ["logits"], [outputName]);
        softmax.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(softmax);

        var model = new ModelProto { IrVersion = 8, ProducerName = "MnistBlazor.Server.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        model.MetadataProps.AddRange((metadata ?? new Dictionary<string, string>()).Select(entry => new StringStringEntryProto { Key = entry.Key, Value = entry.Value }));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, model.ToByteArray());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A model that always answers <paramref name="digit"/> (its probability about 0.9), whatever the image.</summary>
    public static void WriteConstant(string path, int digit, int paddingFloats = 0)
    {
        var bias = new float[10];
        bias[digit] = 5;
        Write(path, bias, new float[10], paddingFloats: paddingFloats);
    }

    /// <summary>
    /// An int8 file of <paramref name="files"/>' model.onnx as the server checks it (it records that file's hash),
    /// always answering <paramref name="digit"/>: a different answer from model.onnx's shows which file serves.
    /// <paramref name="weightBits"/> is the weight width it declares (none when null), as Training quantize records it.
    /// </summary>
    public static void WriteConstantInt8(ModelFiles files, int digit, int? weightBits = ModelFiles.Int8WeightBits)
    {
        var bias = new float[10];
        bias[digit] = 5;
        var metadata = new Dictionary<string, string> { [ModelFiles.Int8SourceMetadataKey] = ModelFiles.SourceHash(File.ReadAllBytes(files.Onnx)) };
        if (weightBits is { } bits)
        {
            metadata[ModelFiles.Int8WeightBitsMetadataKey] = bits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Write(files.Int8Onnx, bias, new float[10], metadata: metadata);
    }

    private readonly record struct Dim(string? Param, long Value)
    {
        public Dim(string param) : this(param, 0) { }
        public Dim(long value) : this(null, value) { }
    }

    private static ValueInfoProto Tensor(string name, params Dim[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim.Param is { } param
                ? new TensorShapeProto.Types.Dimension { DimParam = param }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Value });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }

    private static TensorProto FloatInitializer(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = FloatType };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        return tensor;
    }

    private static TensorProto Int64Initializer(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = Int64Type };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = op + "_" + outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }
}
