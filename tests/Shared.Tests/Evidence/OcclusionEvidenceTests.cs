using MnistBlazor.Shared.Evidence;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;

namespace MnistBlazor.Shared.Tests.Evidence;

public sealed class OcclusionEvidenceTests
{
    private static readonly PixelBox Towards = new(4, 4, 8, 8);
    private static readonly PixelBox Against = new(16, 16, 8, 8);

    /// <summary>Ink on every pixel (1 or 0.5), so every patch holds some.</summary>
    private static float[] InkEverywhere()
    {
        var pixels = new float[MnistGeometry.PixelCount];
        for (var pixel = 0; pixel < pixels.Length; pixel++)
        {
            pixels[pixel] = (pixel / MnistGeometry.Side + pixel % MnistGeometry.Side) % 3 == 0 ? 1f : 0.5f;
        }

        return pixels;
    }

    private static OcclusionEvidence Measure(RegionClassifier classifier, float[] pixels, OcclusionGrid grid)
    {
        var batch = OcclusionBatch.For(pixels, grid);
        return batch.Evidence(classifier.Run(batch.Images));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(4, 2)]
    public void A_classifier_that_looks_at_one_region_lights_up_that_region_only(int patch, int stride)
    {
        var grid = new OcclusionGrid(patch, stride);
        var evidence = Measure(new RegionClassifier(7, Towards, Against: null), InkEverywhere(), grid);

        var map = evidence.MapFor(7);

        Assert.Equal(7, evidence.PredictedDigit);
        for (var pixel = 0; pixel < MnistGeometry.PixelCount; pixel++)
        {
            if (RegionClassifier.Contains(Towards, pixel))
            {
                Assert.True(map.Values[pixel] > 0, $"pixel {pixel} inside the region should push towards 7; got {map.Values[pixel]}");
            }
            else if (!TouchesByPatch(grid, Towards, pixel))
            {
                Assert.Equal(0f, map.Values[pixel]);
            }
        }

        Assert.Equal(map.Values.Max(), map.LargestChange);
    }

    [Fact]
    public void Ink_that_lowers_the_digit_pushes_against_it_and_ink_the_model_ignores_counts_for_nothing()
    {
        var evidence = Measure(new RegionClassifier(2, Towards, Against), InkEverywhere(), OcclusionGrid.Default);

        var map = evidence.MapFor(2);

        Assert.All(Pixels(Towards), pixel => Assert.True(map.Values[pixel] > 0));
        Assert.All(Pixels(Against), pixel => Assert.True(map.Values[pixel] < 0));
        Assert.All(Enumerable.Range(0, MnistGeometry.PixelCount).Where(p => !RegionClassifier.Contains(Towards, p) && !RegionClassifier.Contains(Against, p)),
            pixel => Assert.Equal(0f, map.Values[pixel]));
        var normalized = map.Normalized();
        Assert.Equal(1f, normalized.Max(v => Math.Abs(v)), 5);
        Assert.All(normalized, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void The_map_for_another_digit_mirrors_the_shared_probability_it_lost_or_gained()
    {
        var evidence = Measure(new RegionClassifier(2, Towards, Against), InkEverywhere(), OcclusionGrid.Default);

        // Hiding ink the model reads as a 2 hands probability to every other digit: that ink counts against 5.
        var againstFive = evidence.MapFor(5);

        Assert.All(Pixels(Towards), pixel => Assert.True(againstFive.Values[pixel] < 0));
        Assert.All(Pixels(Against), pixel => Assert.True(againstFive.Values[pixel] > 0));
        Assert.Same(againstFive, evidence.MapFor(5));
    }

    [Fact]
    public void Pixels_without_ink_get_no_evidence_even_inside_a_patch_that_mattered()
    {
        var pixels = InkEverywhere();
        pixels[5 * MnistGeometry.Side + 6] = 0; // inside the region the classifier reads

        var map = Measure(new RegionClassifier(7, Towards, null), pixels, OcclusionGrid.Default).MapFor(7);

        Assert.Equal(0f, map.Values[5 * MnistGeometry.Side + 6]);
        Assert.True(map.Values[5 * MnistGeometry.Side + 5] > 0);
    }

    [Fact]
    public void Patches_without_ink_are_not_run_and_each_run_image_hides_one_patch()
    {
        var pixels = new float[MnistGeometry.PixelCount];
        pixels[5 * MnistGeometry.Side + 5] = 1f; // one inked pixel: in patch (4,4) of the default grid
        pixels[21 * MnistGeometry.Side + 9] = 0.5f; // and one in patch (8,20)

        var batch = OcclusionBatch.For(pixels, OcclusionGrid.Default);

        Assert.Equal(3, batch.ImageCount);
        Assert.Equal([new PixelBox(4, 4, 4, 4), new PixelBox(8, 20, 4, 4)], batch.PatchIndexes.Select(i => OcclusionGrid.Default.Patches[i]));
        Assert.Equal(pixels, batch.Images[..MnistGeometry.PixelCount]);
        Assert.Equal(0f, batch.Images[MnistGeometry.PixelCount + 5 * MnistGeometry.Side + 5]);
        Assert.Equal(0.5f, batch.Images[MnistGeometry.PixelCount + 21 * MnistGeometry.Side + 9]);
        Assert.Equal(1f, batch.Images[2 * MnistGeometry.PixelCount + 5 * MnistGeometry.Side + 5]);
        Assert.Equal(0f, batch.Images[2 * MnistGeometry.PixelCount + 21 * MnistGeometry.Side + 9]);
    }

    [Fact]
    public void The_ensembles_evidence_is_read_from_its_members_averaged_answers()
    {
        var pixels = InkEverywhere();
        RegionClassifier[] members = [new(3, Towards, Against), new(3, Against, Towards), new(8, new PixelBox(0, 20, 12, 8), null)];
        var batch = OcclusionBatch.For(pixels, OcclusionGrid.Default);
        var answers = members.Select(member => member.Run(batch.Images)).ToArray();
        var averaged = Enumerable.Range(0, answers[0].Length).Select(i => answers.Average(a => a[i])).ToArray();

        var ensemble = OcclusionEvidence.Average([.. answers.Select(a => batch.Evidence(a))]);
        var ofTheAverage = batch.Evidence(averaged);

        for (var digit = 0; digit < MnistGeometry.ClassCount; digit++)
        {
            Assert.Equal(ofTheAverage.MapFor(digit).Values, ensemble.MapFor(digit).Values, (a, b) => Math.Abs(a - b) < 1e-5f);
        }

        Assert.Equal(ofTheAverage.Probabilities, ensemble.Probabilities, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void A_sure_models_evidence_is_the_drop_in_its_log_odds_which_its_probability_hardly_shows()
    {
        // The classifier's logit for 7 is 0.5 x the ink in its region, the other nine are 0: the log-odds of 7 are that
        // logit less ln 9, so hiding a patch lowers them by 0.5 x the patch's ink in the region. With about 40 units of
        // ink there, the model is sure of 7 beyond single precision: its probability rounds to 1 with or without a patch.
        var pixels = InkEverywhere();
        var classifier = new RegionClassifier(7, Towards, null, Weight: 0.5);
        var evidence = Measure(classifier, pixels, OcclusionGrid.Default);

        var map = evidence.MapFor(7);

        Assert.Equal(1f, evidence.Probabilities[7]);
        foreach (var patch in OcclusionGrid.Default.Patches.Where(patch => Overlaps(patch, Towards)))
        {
            var hidden = OcclusionGrid.PixelsOf(patch).Where(pixel => RegionClassifier.Contains(Towards, pixel)).Sum(pixel => pixels[pixel]);
            Assert.All(OcclusionGrid.PixelsOf(patch), pixel => Assert.Equal(0.5f * hidden, map.Values[pixel], 3));
        }
    }

    private static bool Overlaps(PixelBox a, PixelBox b) => a.X < b.Right && b.X < a.Right && a.Y < b.Bottom && b.Y < a.Bottom;

    /// <summary>
    /// Each image's familiarity as a profile would give it: a distance of 2 thresholds, less by 0.1 threshold per unit of
    /// ink hidden inside <paramref name="setsApart"/> and more by 0.05 per unit hidden inside <paramref name="likeADigit"/>.
    /// </summary>
    private static Familiarity[] Familiarities(OcclusionBatch batch, float[] pixels, PixelBox setsApart, PixelBox likeADigit, float threshold)
    {
        float HiddenIn(PixelBox box, int image) => Enumerable.Range(0, MnistGeometry.PixelCount)
            .Where(pixel => RegionClassifier.Contains(box, pixel))
            .Sum(pixel => pixels[pixel] - batch.Images[image * MnistGeometry.PixelCount + pixel]);
        return [.. Enumerable.Range(0, batch.ImageCount)
            .Select(image => new Familiarity(threshold * (2 - 0.1f * HiddenIn(setsApart, image) + 0.05f * HiddenIn(likeADigit, image)), threshold))];
    }

    [Fact]
    public void The_likeness_map_shows_the_ink_that_sets_the_image_apart_from_the_learned_digits_and_the_ink_like_them()
    {
        var pixels = InkEverywhere();
        var batch = OcclusionBatch.For(pixels, OcclusionGrid.Default);
        var familiarities = Familiarities(batch, pixels, setsApart: Against, likeADigit: Towards, threshold: 30);

        var evidence = batch.Evidence(new RegionClassifier(4, Towards, null).Run(batch.Images), familiarities);
        var map = evidence.LikenessMap()!;

        Assert.Equal(2f, evidence.DistanceRatio!.Value, 5);
        Assert.Equal(4, map.Digit);
        foreach (var patch in OcclusionGrid.Default.Patches)
        {
            var hiddenApart = OcclusionGrid.PixelsOf(patch).Where(pixel => RegionClassifier.Contains(Against, pixel)).Sum(pixel => pixels[pixel]);
            var hiddenLike = OcclusionGrid.PixelsOf(patch).Where(pixel => RegionClassifier.Contains(Towards, pixel)).Sum(pixel => pixels[pixel]);
            // In thresholds: how much farther from the learned digits the image lies with the patch hidden.
            Assert.All(OcclusionGrid.PixelsOf(patch), pixel => Assert.Equal(-0.1f * hiddenApart + 0.05f * hiddenLike, map.Values[pixel], 3));
        }

        Assert.True(map.Values.Where((_, pixel) => RegionClassifier.Contains(Against, pixel)).All(v => v < 0), "the ink that sets it apart");
        Assert.True(map.Values.Where((_, pixel) => RegionClassifier.Contains(Towards, pixel)).All(v => v > 0), "the ink like a digit");
        Assert.Same(map, evidence.LikenessMap());
    }

    [Fact]
    public void Without_a_familiarity_profile_there_is_no_likeness_map_and_the_ensembles_comes_from_its_profiled_members()
    {
        var pixels = InkEverywhere();
        var batch = OcclusionBatch.For(pixels, OcclusionGrid.Default);
        var answers = new RegionClassifier(4, Towards, null).Run(batch.Images);
        var plain = batch.Evidence(answers);
        var profiled = batch.Evidence(answers, Familiarities(batch, pixels, Against, Towards, threshold: 10));
        var otherProfile = batch.Evidence(answers, Familiarities(batch, pixels, Towards, Against, threshold: 20));

        Assert.Null(plain.DistanceRatio);
        Assert.Null(plain.LikenessMap());
        Assert.Null(OcclusionEvidence.Average([plain, plain]).LikenessMap());
        var ensemble = OcclusionEvidence.Average([plain, profiled, otherProfile]);
        var expected = profiled.LikenessMap()!.Values.Zip(otherProfile.LikenessMap()!.Values, (a, b) => (a + b) / 2);
        Assert.Equal(expected, ensemble.LikenessMap()!.Values, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal(2f, ensemble.DistanceRatio!.Value, 5);

        var error = Assert.Throws<ArgumentException>(() => batch.Evidence(answers, [new Familiarity(1, 2)]));
        Assert.Contains($"each of {batch.ImageCount} images; got 1", error.Message);
    }

    [Fact]
    public void Evidence_measured_on_different_images_cannot_be_averaged()
    {
        var classifier = new RegionClassifier(3, Towards, null);
        var blankCorner = InkEverywhere(); // the top-left patch holds no ink: the batch leaves it out
        for (var y = 0; y < 4; y++)
        {
            blankCorner.AsSpan(y * MnistGeometry.Side, 4).Clear();
        }

        var error = Assert.Throws<ArgumentException>(() => OcclusionEvidence.Average(
            [Measure(classifier, InkEverywhere(), OcclusionGrid.Default), Measure(classifier, blankCorner, OcclusionGrid.Default)]));
        Assert.Contains("same image", error.Message);
    }

    [Fact]
    public void Answers_of_the_wrong_size_or_not_finite_are_refused_with_where_they_went_wrong()
    {
        var batch = OcclusionBatch.For(InkEverywhere(), OcclusionGrid.Default);
        var answers = new RegionClassifier(1, Towards, null).Run(batch.Images);

        Assert.Contains($"each of {batch.ImageCount} images", Assert.Throws<ArgumentException>(() => batch.Evidence(answers.AsSpan(1))).Message);
        answers[23] = float.NaN;
        Assert.Contains("Probability 3 of image 2", Assert.Throws<ArgumentException>(() => batch.Evidence(answers)).Message);
    }

    [Theory]
    [InlineData(4, 2, 169)]
    [InlineData(4, 4, 49)]
    [InlineData(5, 5, 36)] // 0, 5, ... 20 and the last flush with the edge at 23
    [InlineData(28, 1, 1)]
    public void The_grid_covers_every_pixel(int patch, int stride, int patches)
    {
        var grid = new OcclusionGrid(patch, stride);

        Assert.Equal(patches, grid.Patches.Count);
        var covered = grid.Patches.SelectMany(OcclusionGrid.PixelsOf).ToHashSet();
        Assert.Equal(MnistGeometry.PixelCount, covered.Count);
        Assert.All(grid.Patches, p => Assert.True(p.Right <= MnistGeometry.Side && p.Bottom <= MnistGeometry.Side));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(29, 1)]
    [InlineData(4, 5)]
    [InlineData(4, 0)]
    public void A_grid_that_would_leave_pixels_out_is_refused(int patch, int stride) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OcclusionGrid(patch, stride));

    private static IEnumerable<int> Pixels(PixelBox box) => OcclusionGrid.PixelsOf(box);

    /// <summary>Whether a patch of the grid holds both the pixel and a pixel of the region (overlapping patches spread evidence that far).</summary>
    private static bool TouchesByPatch(OcclusionGrid grid, PixelBox region, int pixel) =>
        grid.Patches.Any(p => OcclusionGrid.PixelsOf(p).Contains(pixel) && OcclusionGrid.PixelsOf(p).Any(q => RegionClassifier.Contains(region, q)));
}
