using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Tests.Imaging;

namespace MnistBlazor.Shared.Tests.Inference;

public sealed class TouchingDigitsReadingTests
{
    private static readonly ModelStatus SimpleCnn = new("simple-cnn", "Simple CNN", ModelAvailability.Ready, null);
    private static readonly ModelStatus Ensemble = new(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.Ready, null);

    /// <summary>Answers each image it knows (by its pixels) with the digit and the ensemble's confidence given; counts its calls.</summary>
    private sealed class KnownImagesClassifier(IReadOnlyList<(float[] Pixels, int Digit, float Confidence)> known) : IDigitClassifier
    {
        public IReadOnlyList<ModelStatus> Models => [SimpleCnn, Ensemble];

        public string ModelsDirectory => "models";

        public event Action? ModelsChanged { add { } remove { } }

        public int Calls { get; private set; }

        public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            Calls++;
            var (_, digit, confidence) = known.First(k => pixels.Span.SequenceEqual(k.Pixels));
            var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
            probabilities[digit] = confidence;
            return Task.FromResult(new DigitClassification([new ModelVerdict(SimpleCnn, probabilities, TimeSpan.Zero), new ModelVerdict(Ensemble, probabilities, TimeSpan.Zero)]));
        }
    }

    private static readonly PreprocessedDigit WideImage = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(TouchingCutsTests.WideU));

    /// <summary>The whole read as 0 with <paramref name="whole"/>; each cut's sides as 1 and 7 with the confidences given, cut by cut.</summary>
    private static (KnownImagesClassifier Classifier, DigitClassification Whole) Reading(float whole, params (float Left, float Right)[] sides)
    {
        List<(float[] Pixels, int Digit, float Confidence)> known = [(WideImage.Pixels, 0, whole)];
        for (var i = 0; i < WideImage.CutsToTry.Count; i++)
        {
            var (left, right) = sides[Math.Min(i, sides.Length - 1)];
            known.Add((WideImage.CutsToTry[i].Left.Pixels, 1, left));
            known.Add((WideImage.CutsToTry[i].Right.Pixels, 7, right));
        }

        var classifier = new KnownImagesClassifier(known);
        var classification = classifier.ClassifyAsync(WideImage.Pixels).GetAwaiter().GetResult();
        return (classifier, classification);
    }

    [Fact]
    public async Task The_cut_whose_less_sure_side_is_surest_is_taken_when_both_sides_are_sure_and_surer_than_the_whole()
    {
        Assert.True(WideImage.CutsToTry.Count >= 2);
        var (classifier, whole) = Reading(0.6f, (0.99f, 0.91f), (0.95f, 0.93f));

        var parted = await TouchingDigitsReading.ReadAsync(classifier, WideImage, whole);

        var (number, reading) = Assert.NotNull(parted);
        Assert.Equal("17", reading.Text);
        var second = WideImage.CutsToTry[1];
        Assert.Equal([second.Left.Pixels, second.Right.Pixels], reading.Digits.Select(d => d.Pixels));
        Assert.Equal([second.Left, second.Right], number.Digits);
        Assert.True(number.PartedWhereTouching);
        Assert.Equal(1 + 2 * WideImage.CutsToTry.Count, classifier.Calls);
    }

    [Theory]
    [InlineData(0.6f, 0.99f, 0.89f)] // one side not sure enough
    [InlineData(0.93f, 0.99f, 0.97f)] // hardly surer than of the whole: a wide digit keeps its reading
    [InlineData(0.99f, 0.99f, 0.99f)]
    public async Task No_cut_is_taken_unless_both_sides_are_sure_and_surer_than_the_whole(float whole, float left, float right)
    {
        var (classifier, classification) = Reading(whole, (left, right));

        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, WideImage, classification));
    }

    [Fact]
    public async Task An_image_without_cuts_to_try_is_not_read_again()
    {
        var seven = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(DrawingPadGeometry.TypicalSeven));
        var classifier = new KnownImagesClassifier([(seven.Pixels, 7, 0.2f)]);
        var whole = await classifier.ClassifyAsync(seven.Pixels);

        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, seven, whole));
        Assert.Equal(1, classifier.Calls);
    }
}
