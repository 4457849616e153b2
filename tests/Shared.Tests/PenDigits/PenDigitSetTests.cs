using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.Shared.Tests.PenDigits;

public sealed class PenDigitSetTests
{
    [Fact]
    public void Rendering_gives_each_digit_the_image_its_drawing_preprocesses_to_with_its_label()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);

        var images = set.Render();

        Assert.Equal(set.Digits.Count, images.Count);
        Assert.Equal(set.Digits.Select(d => (byte)d.Label), images.Labels!);
        for (var i = 0; i < set.Digits.Count; i++)
        {
            var expected = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(set.Digits[i].ToDrawing()).Pixels);
            Assert.Equal(expected, images.ImageBytes(i).ToArray());
        }
    }

    [Fact]
    public void The_set_knows_its_file_name_writers_and_checksum_but_not_its_directory()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);

        Assert.Equal("pen-digits-excerpt.tes", set.SourceName);
        Assert.Equal([1, 2, 3, 4], set.Writers);
        Assert.Equal(64, set.Sha256.Length);
        Assert.False(set.IsDevelopmentSet);
    }

    [Fact]
    public void Accuracy_by_writer_counts_each_writers_digits_and_the_ones_the_model_got_wrong()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);
        var wrongIndex = set.Digits.First(d => d.Writer == 3).Index;
        var metrics = MetricsWrongOn(set, wrongIndex);

        var byWriter = set.AccuracyByWriter(metrics);

        Assert.Equal(set.Writers, byWriter.Select(w => w.Writer));
        Assert.Equal(set.Digits.Count, byWriter.Sum(w => w.Digits));
        var third = Assert.Single(byWriter, w => w.Writer == 3);
        Assert.Equal(1, third.Wrong);
        Assert.Equal((third.Digits - 1) / (double)third.Digits, third.Accuracy);
        Assert.All(byWriter.Where(w => w.Writer != 3), w => Assert.Equal(1.0, w.Accuracy));
    }

    [Fact]
    public void A_writers_metrics_count_only_their_digits_and_mistakes()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);
        var wrong = set.Digits.First(d => d.Writer == 3);
        var metrics = MetricsWrongOn(set, wrong.Index);

        var third = set.MetricsOf(3, metrics);
        var first = set.MetricsOf(1, metrics);

        Assert.Equal(set.IndicesBy(3).Count, third.Count);
        Assert.Equal(third.Count, third.Confusion.Sum(row => row.Sum()));
        Assert.Equal(wrong.Index, Assert.Single(third.Misclassified).Index);
        Assert.Equal(1, third.Confusion[wrong.Label][(wrong.Label + 1) % MnistGeometry.ClassCount]);
        Assert.Equal(set.AccuracyByWriter(metrics).Single(w => w.Writer == 3).Accuracy, third.Accuracy, 12);
        Assert.Equal(set.Digits.Count(d => d.Writer == 1 && d.Label == 0), first.Confusion[0][0]);
        Assert.Empty(first.Misclassified);
        Assert.Throws<ArgumentException>(() => set.MetricsOf(1, MetricsWrongOn(PenDigitSet.FromDigits("other.tes", set.Digits.Take(3).ToArray()), 0)));
    }

    [Fact]
    public void A_writers_digits_are_found_by_index_and_an_unknown_writer_has_none()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);

        Assert.Equal(set.Digits.Where(d => d.Writer == 1).Select(d => d.Index).Order(), set.IndicesBy(1).Order());
        Assert.Same(set.IndicesBy(1), set.IndicesBy(1));
        Assert.Equal(set.Digits.Count, set.Writers.Sum(w => set.IndicesBy(w).Count));
        Assert.Empty(set.IndicesBy(99));
    }

    [Fact]
    public void Accuracy_by_writer_refuses_metrics_of_another_set()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);
        var smaller = PenDigitSet.FromDigits("other.tes", set.Digits.Take(3).ToArray());

        var refusal = Assert.Throws<ArgumentException>(() => set.AccuracyByWriter(MetricsWrongOn(smaller, 0)));

        Assert.Contains($"The metrics cover 3 digits; pen-digits-excerpt.tes has {set.Digits.Count}.", refusal.Message);
    }

    private static TestMetrics MetricsWrongOn(PenDigitSet set, int wrongIndex)
    {
        var labels = set.Digits.Select(d => (byte)d.Label).ToArray();
        var probabilities = new float[labels.Length * MnistGeometry.ClassCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = i == wrongIndex ? (labels[i] + 1) % MnistGeometry.ClassCount : labels[i];
            probabilities[i * MnistGeometry.ClassCount + predicted] = 1;
        }

        return TestMetrics.Compute("nn", PenDigitSet.DatasetName, labels, probabilities, DateTimeOffset.UnixEpoch);
    }
}
