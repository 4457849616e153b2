using MnistBlazor.Training.Models;
using MnistBlazor.Training.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Models;

/// <summary>The study's dropout rates and Keras batch-norm settings, and dropout acting only in training mode.</summary>
public sealed class LayerSettingsTests
{
    [Theory]
    [InlineData("nn", "")]
    [InlineData("simple-cnn", "")]
    [InlineData("cnn-proj", "0.1 0.1 0.1")]
    [InlineData("cnn-quad", "0.2 0.2 0.2 0.2 0.2 0.2")]
    public void Dropout_layers_have_the_study_rates(string modelId, string expectedRates)
    {
        using var model = ModelFactory.Create(modelId);
        var rates = model.modules().OfType<Dropout>().Select(d => d.p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expectedRates, string.Join(" ", rates));
    }

    [Theory]
    [InlineData("simple-cnn", 2)]
    [InlineData("cnn-proj", 3)]
    [InlineData("cnn-quad", 5)]
    public void Batch_norms_use_keras_epsilon_and_momentum(string modelId, int expectedCount)
    {
        using var model = ModelFactory.Create(modelId);
        var norms = model.modules().OfType<NormBase>().ToList();
        Assert.Equal(expectedCount, norms.Count);
        Assert.All(norms, norm =>
        {
            Assert.Equal(1e-3, norm.eps);
            Assert.Equal(0.01, norm.momentum);
        });
    }

    [Theory]
    [InlineData("cnn-proj")]
    [InlineData("cnn-quad")]
    public void Dropout_changes_outputs_in_training_mode_only(string modelId)
    {
        using var scope = NewDisposeScope();
        using var model = ModelFactory.Create(modelId);
        var images = TestImages.AsBatch(TestImages.Real(start: 0, 4));
        using var _ = no_grad();

        model.eval();
        Assert.True(model.forward(images).allclose(model.forward(images), rtol: 0, atol: 0));

        model.train();
        Assert.False(model.forward(images).allclose(model.forward(images), rtol: 0, atol: 0));
    }
}
