using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Onnx;
using static TorchSharp.torch;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>
/// The server against the ONNX files the Training project writes: the four real architectures
/// (freshly initialised, exported with OnnxExporter) load, answer, and agree with TorchSharp.
/// </summary>
public sealed class ExportedArchitecturesTests : IClassFixture<ExportedArchitecturesTests.ExportedModels>
{
    private readonly ExportedModels exported;

    public ExportedArchitecturesTests(ExportedModels exported) => this.exported = exported;

    [Fact]
    public void Every_exported_architecture_loads_and_answers_with_a_probability_distribution()
    {
        using var registryServed = ServedModels.On(exported.Models.Directory, new ModelsOptions().ReloadDelay);
        var registry = registryServed.Registry;
        using var classifier = new OnnxDigitClassifier(registry, NullLogger<OnnxDigitClassifier>.Instance);

        Assert.All(classifier.Models, status => Assert.Equal(ModelAvailability.Ready, status.Availability));
        var classification = classifier.Classify(exported.Image);
        Assert.Equal(DigitClassification.CardOrder, classification.Verdicts.Select(v => v.ModelId));
        foreach (var verdict in classification.Verdicts)
        {
            Assert.NotNull(verdict.PredictedDigit);
            Assert.Equal(10, verdict.Probabilities!.Count);
            Assert.All(verdict.Probabilities, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1.0, verdict.Probabilities.Sum(), precision: 4);
        }
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void The_server_gets_the_same_probabilities_as_the_torchsharp_module(string modelId)
    {
        using var registryServed = ServedModels.On(exported.Models.Directory, new ModelsOptions().ReloadDelay);
        var registry = registryServed.Registry;
        var model = registry.Acquire(modelId);
        Assert.NotNull(model);
        float[] fromServer;
        try
        {
            fromServer = model.Predict(exported.Image);
        }
        finally
        {
            model.Release();
        }

        var expected = exported.TorchProbabilities[modelId];
        for (var digit = 0; digit < 10; digit++)
        {
            Assert.Equal(expected[digit], fromServer[digit], precision: 4);
        }
    }

    public static TheoryData<string> ModelIds() => new(ModelCatalog.Ids);

    /// <summary>Exports each architecture once and records what TorchSharp says about one image.</summary>
    public sealed class ExportedModels : IDisposable
    {
        public ExportedModels()
        {
            Image = new float[784];
            for (var y = 5; y < 23; y++)
            {
                Image[y * 28 + 14] = 1f;
                Image[y * 28 + 13] = 0.6f;
            }

            foreach (var spec in ModelCatalog.All)
            {
                random.manual_seed(17);
                using var module = ModelFactory.Create(spec.Id);
                module.eval();
                OnnxExporter.Export(module, spec.Id, Models.OnnxPath(spec.Id));
                using (no_grad())
                using (var input = tensor(Image, [1, 1, 28, 28]))
                using (var logits = module.call(input))
                using (var probabilities = nn.functional.softmax(logits, 1))
                {
                    TorchProbabilities[spec.Id] = probabilities.data<float>().ToArray();
                }
            }
        }

        public TestModels Models { get; } = new();

        public float[] Image { get; }

        public Dictionary<string, float[]> TorchProbabilities { get; } = [];

        public void Dispose() => Models.Dispose();
    }
}
