using MnistBlazor.Shared.Models;
using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using Xunit.Abstractions;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MnistBlazor.Training.Tests.Onnx;

/// <summary>ONNX Runtime on the exported graph equals TorchSharp's eval output and layer-view values, for every architecture.</summary>
public sealed class OnnxParityTests(ITestOutputHelper output) : IDisposable
{
    private const int ParityImages = 64;
    private const int LayerParityImages = 8;
    private const int TrainingImages = 256;
    private const int TrainingBatch = 64;

    private readonly TemporaryDirectory directory = new();

    public static TheoryData<string> ModelIds() => new(ModelCatalog.Ids);

    public static TheoryData<string> ConvolutionalModelIds() => new(ModelCatalog.All.Where(m => m.IsConvolutional).Select(m => m.Id));

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Freshly_initialised_model_gives_the_same_probabilities_on_random_and_real_images(string modelId)
    {
        manual_seed(11);
        using var model = ModelFactory.Create(modelId);
        AssertParityOnRandomAndRealImages(model, modelId);
    }

    [Theory]
    [MemberData(nameof(ModelIds))]
    public void Briefly_trained_model_gives_the_same_probabilities_on_random_and_real_images(string modelId)
    {
        manual_seed(23);
        using var model = ModelFactory.Create(modelId);
        var initialStatistics = RunningStatistics(model);
        TrainBriefly(model);

        var trainedStatistics = RunningStatistics(model);
        Assert.Equal(initialStatistics.Length, trainedStatistics.Length);
        if (initialStatistics.Length > 0)
        {
            var largestChange = initialStatistics.Zip(trainedStatistics, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largestChange > 1e-2, $"{modelId}: batch norm running statistics barely moved ({largestChange:E2}).");
        }

        AssertParityOnRandomAndRealImages(model, modelId);
    }

    [Theory]
    [MemberData(nameof(ConvolutionalModelIds))]
    public void Batch_norm_statistics_far_from_their_initial_values_are_exported_in_inference_form(string modelId)
    {
        manual_seed(37);
        using var model = ModelFactory.Create(modelId);
        using (no_grad())
        {
            foreach (var norm in model.modules().OfType<NormBase>())
            {
                norm.running_mean!.copy_(rand_like(norm.running_mean!) - 0.5);
                norm.running_var!.copy_(rand_like(norm.running_var!) * 1.5 + 0.5);
                norm.weight!.copy_(rand_like(norm.weight!) + 0.5);
                norm.bias!.copy_(rand_like(norm.bias!) * 0.2 - 0.1);
            }
        }

        AssertParityOnRandomAndRealImages(model, modelId);
    }

    public void Dispose() => directory.Dispose();

    private void AssertParityOnRandomAndRealImages(Module<Tensor, Tensor> model, string modelId)
    {
        var onnxPath = directory.File($"{modelId}.onnx");
        var random = ParityAssert.OnnxMatchesTorch(model, modelId, onnxPath, TestImages.Random(ParityImages, seed: 5));
        var real = ParityAssert.OnnxMatchesTorch(model, modelId, onnxPath, TestImages.Real(start: 5000, ParityImages));
        var layers = ParityAssert.LayerOutputsMatchTorch(model, modelId, onnxPath, TestImages.Real(start: 5000, LayerParityImages));
        output.WriteLine($"{modelId}: max |torch - onnx| probability difference {random:E2} on random images, {real:E2} on real images; "
            + $"layer outputs {layers:E2}.");
    }

    /// <summary>A few Adam steps in training mode on real images, so weights and running statistics leave their initial values.</summary>
    internal static void TrainBriefly(Module<Tensor, Tensor> model)
    {
        model.train();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
        for (var start = 0; start < TrainingImages; start += TrainingBatch)
        {
            using var scope = NewDisposeScope();
            var images = TestImages.AsBatch(TestImages.Real(start, TrainingBatch));
            var labels = tensor(TestImages.RealLabels(start, TrainingBatch));
            optimizer.zero_grad();
            var loss = functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
        }

        model.eval();
    }

    private static float[] RunningStatistics(Module<Tensor, Tensor> model) =>
        model.modules().OfType<NormBase>()
            .SelectMany(norm => norm.running_mean!.data<float>().ToArray().Concat(norm.running_var!.data<float>().ToArray()))
            .ToArray();
}
