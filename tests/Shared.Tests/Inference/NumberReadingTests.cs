using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.Shared.Tests.Inference;

public sealed class NumberReadingTests
{
    private static readonly ModelStatus Nn = new("nn", "NN", ModelAvailability.Ready, null);
    private static readonly ModelStatus SimpleCnn = new("simple-cnn", "Simple CNN", ModelAvailability.Ready, null);
    private static readonly ModelStatus Ensemble = new(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.Ready, null);

    /// <summary>Answers each image with the digit written in its first pixel (×10), or no answer when it is 0.</summary>
    private sealed class FirstPixelClassifier(bool withEnsemble) : IDigitClassifier
    {
        public IReadOnlyList<ModelStatus> Models => [Nn, SimpleCnn, Ensemble];

        public string ModelsDirectory => "models";

        public event Action? ModelsChanged { add { } remove { } }

        public int Calls { get; private set; }

        public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            Calls++;
            var first = pixels.Span[0];
            if (first == 0)
            {
                return Task.FromResult(new DigitClassification([ModelVerdict.WithoutAnswer(Nn), ModelVerdict.WithoutAnswer(SimpleCnn)]));
            }

            var digit = (int)Math.Round(first * 10) - 1;
            List<ModelVerdict> verdicts = [new(Nn, Sure(digit, 0.6f), TimeSpan.Zero), new(SimpleCnn, Sure(digit, 0.8f), TimeSpan.Zero)];
            if (withEnsemble)
            {
                verdicts.Add(new ModelVerdict(Ensemble, Sure(digit, 0.7f), TimeSpan.Zero));
            }

            return Task.FromResult(new DigitClassification(verdicts));
        }
    }

    private static float[] Sure(int digit, float confidence)
    {
        var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
        probabilities[digit] = confidence;
        return probabilities;
    }

    private static float[] Image(int? digit)
    {
        var pixels = new float[784];
        pixels[0] = digit is { } d ? (d + 1) / 10f : 0f;
        return pixels;
    }

    [Fact]
    public async Task Each_digit_is_classified_on_its_own_left_to_right_and_the_number_is_their_digits()
    {
        var classifier = new FirstPixelClassifier(withEnsemble: true);
        float[][] digits = [Image(4), Image(2), Image(0)];

        var reading = await NumberReading.ReadAsync(classifier, digits, NumberMarks.None);

        Assert.Equal("420", reading.Text);
        Assert.Equal(3, classifier.Calls);
        Assert.Equal(digits, reading.Digits.Select(d => d.Pixels));
        Assert.All(reading.Digits, d => Assert.Equal(0.7f, d.Confidence)); // the ensemble's
    }

    [Fact]
    public async Task Without_an_ensemble_the_surest_model_gives_the_confidence_and_a_digit_nobody_read_is_a_question_mark()
    {
        var reading = await NumberReading.ReadAsync(new FirstPixelClassifier(withEnsemble: false), [Image(7), Image(null)], NumberMarks.None);

        Assert.Equal("7?", reading.Text);
        Assert.Equal(0.8f, reading.Digits[0].Confidence);
        Assert.Null(reading.Digits[1].Digit);
        Assert.Null(reading.Digits[1].Confidence);
    }

    [Fact]
    public async Task A_minus_sign_and_a_decimal_point_are_written_in_their_places()
    {
        float[][] digits = [Image(4), Image(2), Image(0)];
        var classifier = new FirstPixelClassifier(withEnsemble: true);

        Assert.Equal("-4.20", (await NumberReading.ReadAsync(classifier, digits, new NumberMarks(true, 1))).Text);
        Assert.Equal("42.0", (await NumberReading.ReadAsync(classifier, digits, new NumberMarks(false, 2))).Text);
        Assert.Equal("-420", (await NumberReading.ReadAsync(classifier, digits, new NumberMarks(true, null))).Text);
    }
}
