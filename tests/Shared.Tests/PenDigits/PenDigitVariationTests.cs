using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Shared.Tests.PenDigits;

public sealed class PenDigitVariationTests
{
    // A "7" in tablet units (y up): the bar from (0, 100) to (60, 100), the stem down to (20, 0); box centre (30, 50).
    private static readonly PenDigit Seven = new(3, 7, 2, "3", 10,
        [[new StrokePoint(0, 100), new StrokePoint(60, 100), new StrokePoint(20, 0)]]);

    private static StrokePoint[] Points(PenDigit digit) => digit.Strokes.SelectMany(s => s).ToArray();

    private static PenDigitVariation Named(string name) => PenDigitVariation.Standard.Single(v => v.Name == name);

    [Fact]
    public void As_written_changes_nothing()
    {
        Assert.Same(Seven, PenDigitVariation.AsWritten.ApplyTo(Seven));
        Assert.Same(PenDigitVariation.AsWritten, PenDigitVariation.Standard[0]);
    }

    [Fact]
    public void A_turn_to_the_left_is_anticlockwise_about_the_digits_centre()
    {
        var turned = PenDigitVariation.Turned(90).ApplyTo(Seven);

        // Anticlockwise by 90 degrees about (30, 50) with y up: (x, y) -> (30 - (y - 50), 50 + (x - 30)).
        var points = Points(turned);
        Assert.Equal(-20f, points[0].X, 1e-3f);
        Assert.Equal(20f, points[0].Y, 1e-3f);
        Assert.Equal(-20f, points[1].X, 1e-3f);
        Assert.Equal(80f, points[1].Y, 1e-3f);
        Assert.Equal(80f, points[2].X, 1e-3f);
        Assert.Equal(40f, points[2].Y, 1e-3f);
        Assert.Equal("turned-90-left", PenDigitVariation.Turned(90).Name);
        Assert.Equal("turned 10 degrees clockwise", PenDigitVariation.Turned(-10).Description);
    }

    [Fact]
    public void Slanting_right_moves_the_top_right_and_the_bottom_left_and_keeps_label_writer_and_index()
    {
        var slanted = Named("slanted-right").ApplyTo(Seven);

        var points = Points(slanted);
        Assert.Equal(0 + 0.3f * 50, points[0].X, 1e-3f);
        Assert.Equal(100f, points[0].Y, 1e-3f);
        Assert.Equal(20 - 0.3f * 50, points[2].X, 1e-3f);
        Assert.Equal((7, 2, 3, "3", 10), (slanted.Label, slanted.Writer, slanted.Index, slanted.Segment, slanted.Line));
    }

    [Fact]
    public void Wider_and_narrower_change_the_width_only()
    {
        var wider = PathBounds.Of(Named("wider").ApplyTo(Seven).Strokes);
        var narrower = PathBounds.Of(Named("narrower").ApplyTo(Seven).Strokes);

        Assert.Equal(84f, wider.Width, 1e-3f);
        Assert.Equal(42f, narrower.Width, 1e-3f);
        Assert.Equal(100f, wider.Height, 1e-3f);
        Assert.Equal(100f, narrower.Height, 1e-3f);
    }

    [Fact]
    public void The_mean_accuracy_over_the_variations_leaves_the_digits_as_written_out()
    {
        VariationAccuracy[] accuracies = [new("as-written", 1.0), new("wider", 0.9), new("narrower", 0.8)];

        Assert.Equal(0.85, VariationAccuracy.MeanOfChanged(accuracies), 1e-12);
        Assert.Equal(0.85, VariationAccuracy.MeanOfChanged(accuracies.Skip(1)), 1e-12);
    }

    [Fact]
    public void Every_standard_variation_has_its_own_name_and_changes_the_images_the_models_see()
    {
        var set = PenDigitSet.Load(UnipenReaderTests.ExcerptPath);
        var asWritten = set.Render();

        Assert.Equal(PenDigitVariation.Standard.Count, PenDigitVariation.Standard.Select(v => v.Name).Distinct().Count());
        foreach (var variation in PenDigitVariation.Standard.Skip(1))
        {
            var images = set.Render(variation);
            Assert.Equal(asWritten.Labels, images.Labels);
            Assert.NotEqual(asWritten.Pixels, images.Pixels);
        }
    }
}
