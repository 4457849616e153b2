using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using MnistBlazor.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Models;

/// <summary>
/// Weights files and checkpoints are state dicts keyed by module path, so files saved by earlier versions load
/// only while the keys stay the same. TestData/state-dict-keys holds each architecture's keys, types and shapes
/// as its modules produced them before the wiring moved behind <see cref="IModelGraph{TValue}"/>.
/// </summary>
public sealed class StateDictCompatibilityTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string> ModelIds() => new(ModelCatalog.Ids);

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Keys_types_and_shapes_are_the_recorded_ones_in_the_model_and_its_bf16_working_copy(string modelId)
    {
        using var model = ModelFactory.Create(modelId);
        using var workingCopy = ModelFactory.CreateForBf16(modelId);
        foreach (var module in new[] { model, workingCopy })
        {
            var actual = module.state_dict().Select(entry => Describe(entry.Key, entry.Value.dtype, entry.Value.shape));
            Assert.Equal(RecordedLines(modelId), actual);
        }
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void A_weights_file_saved_under_the_recorded_keys_loads_and_sets_every_tensor(string modelId)
    {
        manual_seed(41);
        var saved = RecordedLines(modelId).Select(Parse).Select(entry => (entry.Key, Tensor: entry.Type == ScalarType.Int64
            ? full(entry.Shape, 7L, ScalarType.Int64)
            : randn(entry.Shape, entry.Type))).ToList();
        var path = directory.File("weights.bin");
        using (var recorded = new KeyTree("recorded"))
        {
            foreach (var (key, tensor) in saved)
            {
                recorded.Add(key.Split('.'), tensor);
            }

            recorded.save(path);
        }

        using var model = ModelFactory.Create(modelId);
        model.load(path);

        var state = model.state_dict();
        Assert.All(saved, entry => Assert.True(state[entry.Key].eq(entry.Tensor).all().item<bool>(), $"{modelId}: '{entry.Key}' was not loaded."));
    }

    public void Dispose() => directory.Dispose();

    /// <summary>Modules nested along the dotted keys, holding the tensors as buffers: Module.save writes exactly these keys.</summary>
    private sealed class KeyTree(string name) : nn.Module(name)
    {
        private readonly Dictionary<string, KeyTree> branches = [];

        public void Add(ReadOnlySpan<string> path, Tensor tensor)
        {
            if (path.Length == 1)
            {
                register_buffer(path[0], tensor.clone());
                return;
            }

            if (!branches.TryGetValue(path[0], out var child))
            {
                child = new KeyTree(path[0]);
                branches.Add(path[0], child);
                register_module(path[0], child);
            }

            child.Add(path[1..], tensor);
        }
    }

    private static string[] RecordedLines(string modelId) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Models", "TestData", "state-dict-keys", $"{modelId}.txt"));

    private static string Describe(string key, ScalarType type, long[] shape) => $"{key} {type} [{string.Join(",", shape)}]";

    private static (string Key, ScalarType Type, long[] Shape) Parse(string line)
    {
        var parts = line.Split(' ');
        var dims = parts[2].Trim('[', ']');
        return (parts[0], Enum.Parse<ScalarType>(parts[1]), dims.Length == 0 ? [] : dims.Split(',').Select(long.Parse).ToArray());
    }
}
