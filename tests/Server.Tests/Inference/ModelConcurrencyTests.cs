using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

public sealed class ModelConcurrencyTests
{
    [Theory]
    [InlineData(null, ModelConcurrency.Sequential)]
    [InlineData("Sequential", ModelConcurrency.Sequential)]
    [InlineData("always", ModelConcurrency.Always)]
    [InlineData("WhenIdle", ModelConcurrency.WhenIdle)]
    public void Models_Concurrency_is_read_from_configuration(string? configured, ModelConcurrency expected)
    {
        Assert.Equal(expected, OptionsFrom(configured).Concurrency);
    }

    [Fact]
    public void An_unknown_Models_Concurrency_is_refused_naming_the_setting_and_the_value()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OptionsFrom("Both"));
        Assert.Contains("Models:Concurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("Both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Side_by_side_gives_the_same_verdicts_in_the_same_order_as_one_after_another()
    {
        using var models = TestModels.InkDependentThree();
        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        using var sequential = Classifier(served, ModelConcurrency.Sequential);
        using var sideBySide = Classifier(served, ModelConcurrency.Always);

        foreach (var inkedPixels in new[] { 0, 100, 400, 784 })
        {
            var image = TestModels.ImageWithInk(inkedPixels);
            var expected = sequential.Classify(image).Verdicts;
            var actual = sideBySide.Classify(image).Verdicts;

            Assert.Equal(expected.Select(v => (v.ModelId, v.Status.Availability, v.PredictedDigit)), actual.Select(v => (v.ModelId, v.Status.Availability, v.PredictedDigit)));
            Assert.Equal(expected.Select(v => v.Probabilities ?? []), actual.Select(v => v.Probabilities ?? []));
        }

        // The images above give different answers, so the comparison is between real verdicts.
        Assert.NotEqual(sequential.Classify(TestModels.ImageWithInk(0)).Verdicts[0].PredictedDigit, sequential.Classify(TestModels.ImageWithInk(784)).Verdicts[0].PredictedDigit);
        Assert.Equal(ModelAvailability.NotTrained, sideBySide.Classify(TestModels.ImageWithInk(0)).Verdicts[2].Status.Availability);
    }

    [Fact]
    public void Side_by_side_stops_when_the_caller_has_given_up()
    {
        using var models = TestModels.AllFour();
        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        using var sideBySide = Classifier(served, ModelConcurrency.Always);

        Assert.ThrowsAny<OperationCanceledException>(() => sideBySide.Classify(TestModels.ImageWithInk(100), new CancellationToken(canceled: true)));
    }

    private static ModelsOptions OptionsFrom(string? concurrency) => ModelsConfiguration.Bind(nameof(ModelsOptions.Concurrency), concurrency);

    private static OnnxDigitClassifier Classifier(ServedModels served, ModelConcurrency concurrency) =>
        new(served.Registry, NullLogger<OnnxDigitClassifier>.Instance, Options.Create(new ModelsOptions { Concurrency = concurrency }));
}
