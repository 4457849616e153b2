using MnistBlazor.Training.Data;
using MnistBlazor.Training.Tests.Support;
using static TorchSharp.torch;

namespace MnistBlazor.Training.Tests.Data;

public sealed class WritingStyleStrokesTests
{
    [Fact]
    public void Digits_without_a_style_and_a_share_of_zero_come_back_unchanged()
    {
        var (images, labels) = Digits(0, 2, 3, 4, 5, 6, 8);
        using (images)
        using (labels)
        using (var styled = WritingStyleStrokes.Apply(images, labels, share: 1))
        using (var none = WritingStyleStrokes.Apply(images, labels, share: 0))
        {
            Assert.True(styled.allclose(images, rtol: 0, atol: 0));
            Assert.True(none.allclose(images, rtol: 0, atol: 0));
        }

        var (ones, oneLabels) = Digits(1, 7, 9);
        using (ones)
        using (oneLabels)
        using (var untouched = WritingStyleStrokes.Apply(ones, oneLabels, share: 0))
        {
            Assert.True(untouched.allclose(ones, rtol: 0, atol: 0));
        }
    }

    [Fact]
    public void In_a_mixed_batch_each_styled_digit_keeps_its_place_and_the_others_are_untouched()
    {
        int[] digits = [0, 1, 2, 7, 3, 1, 8];
        var (images, labels) = Digits(digits);
        using var _ = images;
        using var __ = labels;
        manual_seed(6);
        using var styled = WritingStyleStrokes.Apply(images, labels, share: 1);

        for (var i = 0; i < digits.Length; i++)
        {
            var (before, after) = (Grid(images, i), Grid(styled, i));
            var added = Added(before, after, 0, 28, 0, 28);
            if (digits[i] is 1 or 7)
            {
                // A flag or a bar only adds ink, so the digit that was in this place is still all there.
                Assert.True(added > 1.5, $"#{i} ({digits[i]}): {added:F2} ink added");
                Assert.All(Enumerable.Range(0, 784), k => Assert.True(after[k / 28, k % 28] >= before[k / 28, k % 28], $"#{i} lost ink at pixel {k}"));
            }
            else
            {
                Assert.Equal(0, added);
                Assert.True(styled[i].eq(images[i]).all().item<bool>(), $"#{i} ({digits[i]}) changed");
            }
        }
    }

    [Fact]
    public void A_one_gets_a_steep_flag_down_to_the_left_of_its_top()
    {
        foreach (var (i, before, after) in EightStyled(1, seed: 2))
        {
            var (top, bottom) = InkRows(before);
            var topX = InkX(before, top, top + 1);
            var addedUpperLeft = Added(before, after, top, top + (bottom - top) / 2, 0, (int)topX);
            Assert.True(addedUpperLeft > 1.5, $"1 #{i}: {addedUpperLeft:F2} ink added left of the top at x {topX:F1}");
            Assert.InRange(InkRows(after).Top, top - 1, top);

            // A flat flag is the top bar of a 7: the added ink must fall at least half as far as it reaches left.
            var (left, down) = AddedInkOffset(before, after, topX, top + 0.5);
            Assert.True(left > 0 && down > 0.5 * left, $"1 #{i}: the flag's ink lies {left:F2} px left and {down:F2} px below the top");
        }
    }

    [Fact]
    public void A_seven_gets_a_bar_across_the_middle_of_its_stem()
    {
        foreach (var (i, before, after) in EightStyled(7, seed: 3))
        {
            var (top, bottom) = InkRows(before);
            var height = bottom - top + 1;
            var middleBand = Added(before, after, top + (int)(0.4 * height), top + (int)(0.75 * height), 0, 28);
            var elsewhere = Added(before, after, 0, top + (int)(0.4 * height), 0, 28) + Added(before, after, top + (int)(0.75 * height) + 1, 28, 0, 28);
            Assert.True(middleBand > 1.5, $"7 #{i}: {middleBand:F2} ink added across the middle");
            Assert.True(elsewhere < 0.5 * middleBand, $"7 #{i}: {elsewhere:F2} ink added outside the middle band");
        }
    }

    [Fact]
    public void A_nine_keeps_its_height_and_its_tail_curls_to_the_left()
    {
        var shifts = new List<double>();
        foreach (var (i, before, after) in EightStyled(9, seed: 4))
        {
            var (top, bottom) = InkRows(before);
            var (newTop, newBottom) = InkRows(after);
            Assert.Equal(top, newTop);
            Assert.InRange(newBottom, bottom - 1, bottom + 1);
            var lowQuarter = bottom - (bottom - top + 1) / 4;
            var tailBefore = InkX(before, lowQuarter, bottom);
            var tailAfter = InkX(after, lowQuarter, newBottom);
            Assert.True(tailAfter < tailBefore, $"9 #{i}: the bottom quarter's ink at x {tailBefore:F1} before, {tailAfter:F1} after");
            shifts.Add(tailAfter - tailBefore);
        }

        Assert.True(shifts.Average() < -1, $"the bottom quarter's ink moves left by {-shifts.Average():F2} px on average");
    }

    [Fact]
    public void The_augmentation_draws_styles_only_when_it_is_given_the_labels()
    {
        var (images, labels) = Digits(1, 7, 9, 1, 7, 9);
        using var _ = images;
        using var __ = labels;
        var stylesOnly = new DigitAugmentation(new AugmentationSettings(0, 0, 0, WritingStyleShare: 1));

        using var withoutLabels = stylesOnly.Apply(images);
        manual_seed(5);
        using var withLabels = stylesOnly.Apply(images, labels);

        Assert.True(withoutLabels.allclose(images, rtol: 0, atol: 1e-5));
        Assert.False(withLabels.allclose(images, rtol: 0, atol: 1e-5));
        Assert.Equal(images.shape, withLabels.shape);
        Assert.InRange(withLabels.max().item<float>(), 0.5f, 1f + 1e-6f);
    }

    /// <summary>Eight MNIST test images of <paramref name="label"/>, each before and after its style stroke.</summary>
    private static IEnumerable<(int Index, float[,] Before, float[,] After)> EightStyled(int label, int seed)
    {
        var (images, labels) = Digits(Enumerable.Repeat(label, 8).ToArray());
        using var _ = images;
        using var __ = labels;
        manual_seed(seed);
        using var styled = WritingStyleStrokes.Apply(images, labels, share: 1);
        return Enumerable.Range(0, 8).Select(i => (i, Grid(images, i), Grid(styled, i))).ToArray();
    }

    /// <summary>The first MNIST test images with these labels, in order (a label may repeat).</summary>
    private static (Tensor Images, Tensor Labels) Digits(params int[] wanted)
    {
        var test = TestData.Test;
        var used = new HashSet<int>();
        var picks = wanted.Select(label => Enumerable.Range(0, test.Count).First(i => test.Labels![i] == label && used.Add(i))).ToArray();
        var pixels = new float[picks.Length * 784];
        for (var k = 0; k < picks.Length; k++)
        {
            test.CopyImageAsFloats(picks[k], pixels.AsSpan(k * 784, 784));
        }

        return (tensor(pixels).reshape(picks.Length, 1, 28, 28), tensor(wanted.Select(l => (long)l).ToArray()));
    }

    private static float[,] Grid(Tensor images, int index)
    {
        var values = images[index, 0].data<float>().ToArray();
        var grid = new float[28, 28];
        for (var k = 0; k < values.Length; k++)
        {
            grid[k / 28, k % 28] = values[k];
        }

        return grid;
    }

    private static (int Top, int Bottom) InkRows(float[,] grid)
    {
        var rows = Enumerable.Range(0, 28).Where(y => Enumerable.Range(0, 28).Any(x => grid[y, x] > 0.35f)).ToArray();
        return (rows.First(), rows.Last());
    }

    private static double InkX(float[,] grid, int fromRow, int toRow)
    {
        double mass = 0, moment = 0;
        for (var y = fromRow; y <= toRow; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                mass += grid[y, x];
                moment += grid[y, x] * (x + 0.5);
            }
        }

        return moment / mass;
    }

    /// <summary>How far left of (<paramref name="x"/>) and below (<paramref name="y"/>) the added ink's centre lies.</summary>
    private static (double Left, double Down) AddedInkOffset(float[,] before, float[,] after, double x, double y)
    {
        double mass = 0, columns = 0, rows = 0;
        for (var row = 0; row < 28; row++)
        {
            for (var column = 0; column < 28; column++)
            {
                var added = Math.Max(0, after[row, column] - before[row, column]);
                mass += added;
                columns += added * (column + 0.5);
                rows += added * (row + 0.5);
            }
        }

        return (x - columns / mass, rows / mass - y);
    }

    private static double Added(float[,] before, float[,] after, int fromRow, int toRow, int fromColumn, int toColumn)
    {
        double added = 0;
        for (var y = Math.Max(0, fromRow); y < Math.Min(28, toRow); y++)
        {
            for (var x = Math.Max(0, fromColumn); x < Math.Min(28, toColumn); x++)
            {
                added += Math.Max(0, after[y, x] - before[y, x]);
            }
        }

        return added;
    }
}
