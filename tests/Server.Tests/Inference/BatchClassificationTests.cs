using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Server.Tests.Inference;

/// <summary>Classifying many images in one run per model (measuring the saved drawings) gives each what it gets alone.</summary>
public sealed class BatchClassificationTests
{
    [Fact]
    public void Each_image_of_a_batch_gets_the_verdicts_it_gets_alone_the_ensemble_included()
    {
        using var models = TestModels.InkDependentThree();
        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        using var classifier = new OnnxDigitClassifier(served.Registry, NullLogger<OnnxDigitClassifier>.Instance, Options.Create(new ModelsOptions()));
        int[] inked = [0, 100, 400, 784];
        var pixels = inked.SelectMany(TestModels.ImageWithInk).ToArray();

        var batched = classifier.ClassifyAll(pixels, inked.Length);

        Assert.Equal(inked.Length, batched.Count);
        for (var i = 0; i < inked.Length; i++)
        {
            var alone = classifier.Classify(TestModels.ImageWithInk(inked[i])).Verdicts;
            var together = batched[i].Verdicts;
            Assert.Equal(alone.Select(v => (v.ModelId, v.Status.Availability, v.PredictedDigit)), together.Select(v => (v.ModelId, v.Status.Availability, v.PredictedDigit)));
            foreach (var (one, other) in alone.Zip(together))
            {
                Assert.Equal(one.Probabilities?.Count ?? 0, other.Probabilities?.Count ?? 0);
                for (var digit = 0; digit < (one.Probabilities?.Count ?? 0); digit++)
                {
                    Assert.Equal(one.Probabilities![digit], other.Probabilities![digit], 1e-5f);
                }
            }
        }

        Assert.NotEqual(batched[0].Ensemble!.PredictedDigit, batched[3].Ensemble!.PredictedDigit); // real, different verdicts
        Assert.Equal(ModelAvailability.NotTrained, batched[1].Verdicts.Single(v => v.ModelId == ModelCatalog.CnnProjections.Id).Status.Availability);
    }

    [Fact]
    public void A_batch_whose_pixels_do_not_make_its_count_of_images_is_refused()
    {
        using var models = TestModels.AllFour();
        using var served = ServedModels.On(models.Directory, TimeSpan.FromHours(1));
        using var classifier = new OnnxDigitClassifier(served.Registry, NullLogger<OnnxDigitClassifier>.Instance, Options.Create(new ModelsOptions()));

        Assert.Throws<ArgumentException>(() => classifier.ClassifyAll(new float[MnistGeometry.PixelCount * 2 - 1], 2));
        Assert.Throws<ArgumentException>(() => classifier.ClassifyAll([], 0));
    }
}
