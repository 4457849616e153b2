using MnistBlazor.Training.Models;
using MnistBlazor.Training.Optimization;
using MnistBlazor.Training.Precision;
using MnistBlazor.Training.Recipes;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace MnistBlazor.Training.Tests.Precision;

public sealed class TrainingPassTests
{
    [Fact]
    public void A_bf16_step_gives_a_finite_loss_and_updates_the_float32_master_weights_and_batchnorm_statistics()
    {
        manual_seed(5);
        using var model = ModelFactory.Create("simple-cnn");
        model.train();
        using var pass = new TrainingPass(model, TrainingPrecision.Bf16, CPU);
        using var optimizer = OptimizerFactory.Create(OptimizerKind.AdamW, model.parameters(), 1e-3, 0.01);
        var before = model.named_parameters().Select(p => (p.name, p.parameter.detach().clone())).ToArray();
        var statisticsBefore = model.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal))
            .Select(b => (b.name, b.buffer.clone())).ToArray();

        using var scope = NewDisposeScope();
        var logits = pass.Forward(rand(8, 1, 28, 28));
        var loss = cross_entropy(logits, randint(0, 10, [8]));
        optimizer.zero_grad();
        pass.Backward(loss);
        optimizer.step();

        Assert.Equal(ScalarType.Float32, logits.dtype);
        Assert.True(float.IsFinite(loss.item<float>()), "loss is finite");
        var after = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.NotEmpty(before);
        Assert.All(before, p =>
        {
            Assert.Equal(ScalarType.Float32, after[p.name].dtype);
            Assert.Equal(ScalarType.Float32, after[p.name].grad!.dtype);
            Assert.False(p.Item2.eq(after[p.name]).all().item<bool>(), $"{p.name} was updated");
        });
        var statisticsAfter = model.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        Assert.NotEmpty(statisticsBefore);
        Assert.All(statisticsBefore, b => Assert.False(b.Item2.eq(statisticsAfter[b.name]).all().item<bool>(), $"{b.name} moved"));
    }

    [Theory]
    [InlineData("nn")]
    [InlineData("simple-cnn")]
    [InlineData("cnn-proj")]
    [InlineData("cnn-quad")]
    public void Bf16_gradients_point_the_same_way_as_float32_gradients(string modelId)
    {
        manual_seed(6);
        using var model = ModelFactory.Create(modelId);
        model.eval(); // no dropout: both passes see the same network
        using var scope = NewDisposeScope();
        var images = rand(16, 1, 28, 28);
        var labels = randint(0, 10, [16]);

        var fp32 = Gradients(model, TrainingPrecision.Fp32, images, labels);
        var bf16 = Gradients(model, TrainingPrecision.Bf16, images, labels);

        var cosine = (fp32 * bf16).sum() / (fp32.norm() * bf16.norm());
        Assert.True(cosine.item<float>() > 0.9f, $"cosine similarity of the gradients {cosine.item<float>()}");
    }

    private static Tensor Gradients(nn.Module<Tensor, Tensor> model, TrainingPrecision precision, Tensor images, Tensor labels)
    {
        using var pass = new TrainingPass(model, precision, CPU);
        model.zero_grad();
        pass.Backward(cross_entropy(pass.Forward(images), labels));
        return cat(model.parameters().Select(p => p.grad!.flatten()).ToArray());
    }
}
