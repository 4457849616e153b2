using Microsoft.ML.OnnxRuntime;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Onnx;
using MnistBlazor.Training.Tests.Support;
using Onnx;
using TorchSharp.Modules;

namespace MnistBlazor.Training.Tests.Onnx;

public sealed class OnnxModelInterfaceTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string> ModelIds() => new(ModelCatalog.Ids);

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Declares_image_input_and_probabilities_output_with_a_dynamic_batch_dimension(string modelId)
    {
        var path = Export(modelId);
        using var session = new InferenceSession(path);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("image", input.Key);
        Assert.Equal(typeof(float), input.Value.ElementType);
        Assert.Equal([-1, 1, 28, 28], input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);

        var output = session.OutputMetadata.First();
        Assert.Equal("probabilities", output.Key);
        Assert.Equal([-1, 10], output.Value.Dimensions);
        Assert.Equal("N", output.Value.SymbolicDimensions[0]);
        Assert.All(session.OutputMetadata.Skip(1), layerOutput => Assert.Equal("N", layerOutput.Value.SymbolicDimensions[0]));
    }

    [Theory]
    [InlineData("nn", "")]
    [InlineData("simple-cnn", "block1 block2")]
    [InlineData("cnn-proj", "block1 block2 block3 projections")]
    [InlineData("cnn-quad", "block1 block2 block3 projections quadrant_block1 quadrant_block2 quadrants")]
    public void Convolutional_models_also_output_their_block_activations_and_derived_inputs(string modelId, string layerOutputs)
    {
        using var session = new InferenceSession(Export(modelId));
        var expected = layerOutputs.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, session.OutputMetadata.Keys.Skip(1).Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Runs_any_batch_size_and_every_row_is_a_probability_distribution(string modelId)
    {
        using var session = new InferenceSession(Export(modelId));
        foreach (var batchSize in new[] { 1, 3 })
        {
            var probabilities = OnnxRuntimeRunner.Probabilities(session, TestImages.Real(start: 40, batchSize), out var shape);
            Assert.Equal([batchSize, 10], shape);
            for (var row = 0; row < batchSize; row++)
            {
                var distribution = probabilities.AsSpan(row * 10, 10).ToArray();
                Assert.All(distribution, p => Assert.InRange(p, 0f, 1f));
                Assert.Equal(1.0, distribution.Sum(), 5);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void File_states_ir_7_opset_13_and_the_model_id_and_carries_every_weight_and_running_statistic(string modelId)
    {
        using var model = ModelFactory.Create(modelId);
        var path = directory.File("model.onnx");
        OnnxExporter.Export(model, modelId, path);
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));

        Assert.Equal(7, proto.IrVersion);
        var opset = Assert.Single(proto.OpsetImport);
        Assert.Equal("", opset.Domain);
        Assert.Equal(13, opset.Version);
        Assert.Contains(proto.MetadataProps, entry => entry.Key == "model_id" && entry.Value == modelId);

        var initializers = proto.Graph.Initializer.Select(i => i.Name).ToHashSet();
        var stateNames = model.state_dict().Keys.Where(name => !name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(stateNames);
        Assert.All(stateNames, name => Assert.True(
            initializers.Contains(name) || initializers.Contains(name + "_transposed"),
            $"{modelId}: '{name}' is not in the ONNX graph."));
        Assert.DoesNotContain(proto.Graph.Node, node => node.OpType == "Dropout");
    }

    [Fact]
    public void Overwrites_an_existing_file_atomically_and_leaves_no_temporary_files()
    {
        var path = directory.File("model.onnx");
        File.WriteAllText(path, "an older export");
        using var model = ModelFactory.Create("nn");

        OnnxExporter.Export(model, "nn", path);

        Assert.Equal(["model.onnx"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
        Assert.Equal("nn", ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Name);
    }

    [Fact]
    public void Refuses_a_module_that_is_not_the_named_architecture()
    {
        using var model = ModelFactory.Create("nn");
        var path = directory.File("model.onnx");

        var error = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(model, "cnn-quad", path));

        Assert.Contains("'nn'", error.Message);
        Assert.Contains("'cnn-quad'", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Refuses_a_layer_it_cannot_export_and_names_it()
    {
        using var unsupported = TorchSharp.torch.nn.Sequential(("act", TorchSharp.torch.nn.Tanh()));
        var builder = new OnnxGraphBuilder("test");
        var input = builder.Input("x", [null, 4], "N");

        var error = Assert.Throws<NotSupportedException>(() => OnnxLayerWriter.Write(builder, "branch", unsupported, input));

        Assert.Contains("branch.act", error.Message);
        Assert.Contains(nameof(Tanh), error.Message);
    }

    public void Dispose() => directory.Dispose();

    private string Export(string modelId)
    {
        using var model = ModelFactory.Create(modelId);
        var path = directory.File($"{modelId}.onnx");
        OnnxExporter.Export(model, modelId, path);
        return path;
    }
}
