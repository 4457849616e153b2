using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Inference;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Tests.Imaging;

namespace MnistBlazor.Shared.Tests.Inference;

public sealed class TouchingDigitsReadingTests
{
    private static readonly ModelStatus SimpleCnn = new("simple-cnn", "Simple CNN", ModelAvailability.Ready, null);
    private static readonly ModelStatus Ensemble = new(ModelCatalog.EnsembleId, ModelCatalog.EnsembleDisplayName, ModelAvailability.Ready, null);

    /// <summary>Answers each image it knows (by its pixels) with the digit and the ensemble's confidence given, any other as a sure 5; counts its calls.</summary>
    private sealed class KnownImagesClassifier(IReadOnlyList<(float[] Pixels, int Digit, float Confidence)> known) : IDigitClassifier
    {
        /// <summary>Images the simple CNN, the only model with a familiarity profile, finds unlike the digits it learned.</summary>
        public List<float[]> Unfamiliar { get; } = [];

        public IReadOnlyList<ModelStatus> Models => [SimpleCnn, Ensemble];

        public string ModelsDirectory => "models";

        public event Action? ModelsChanged { add { } remove { } }

        public int Calls { get; private set; }

        public Task<DigitClassification> ClassifyAsync(ReadOnlyMemory<float> pixels, CancellationToken cancellationToken = default)
        {
            Calls++;
            // An image it does not know is a sure 5.
            var (_, digit, confidence) = known.FirstOrDefault(k => pixels.Span.SequenceEqual(k.Pixels), ([], 5, 0.99f));
            var probabilities = Enumerable.Repeat((1 - confidence) / 9, 10).ToArray();
            probabilities[digit] = confidence;
            var familiarity = Unfamiliar.Any(image => pixels.Span.SequenceEqual(image)) ? new Familiarity(2, 1) : new Familiarity(0.5f, 1);
            return Task.FromResult(new DigitClassification([
                new ModelVerdict(SimpleCnn, probabilities, TimeSpan.Zero) { Familiarity = familiarity },
                new ModelVerdict(Ensemble, probabilities, TimeSpan.Zero)]));
        }
    }

    /// <summary>An image of a U 1.6 times as wide as tall: wider than a digit.</summary>
    private static readonly PreprocessedDigit WideImage = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(TouchingCutsTests.WideU));

    /// <summary>An image of a U 1.2 times as wide as tall: wide enough for cuts to be tried, not wider than a digit.</summary>
    private static readonly PreprocessedDigit NarrowerImage = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(new StrokeDrawing(400, 280,
        [new Stroke([new(60, 60), new(60, 200), new(95, 230), new(235, 230), new(270, 200), new(270, 60)], 16)])));

    /// <summary>
    /// The whole of <paramref name="image"/> (<see cref="WideImage"/> when null) read as 0 with <paramref name="whole"/>;
    /// each cut's sides as 1 and 7 with the confidences given, cut by cut.
    /// </summary>
    private static (KnownImagesClassifier Classifier, DigitClassification Whole) Reading(float whole, (float Left, float Right)[] sides, PreprocessedDigit? image = null)
    {
        image ??= WideImage;
        List<(float[] Pixels, int Digit, float Confidence)> known = [(image.Pixels, 0, whole)];
        for (var i = 0; i < image.CutsToTry.Count; i++)
        {
            var (left, right) = sides[Math.Min(i, sides.Length - 1)];
            known.Add((image.CutsToTry[i].Left.Pixels, 1, left));
            known.Add((image.CutsToTry[i].Right.Pixels, 7, right));
        }

        var classifier = new KnownImagesClassifier(known);
        var classification = classifier.ClassifyAsync(image.Pixels).GetAwaiter().GetResult();
        return (classifier, classification);
    }

    [Fact]
    public void The_images_the_rules_are_tried_on_are_wider_than_a_digit_and_not()
    {
        Assert.True(WideImage.IsWiderThanADigit);
        Assert.False(NarrowerImage.IsWiderThanADigit);
        Assert.NotEmpty(NarrowerImage.CutsToTry);
    }

    [Fact]
    public async Task The_cut_whose_sides_are_read_most_surely_together_is_taken_when_both_sides_are_sure_and_surer_than_the_whole()
    {
        Assert.True(WideImage.CutsToTry.Count >= 2);
        // The second's less sure side is read less surely, but its other side so surely that together they say more.
        var (classifier, whole) = Reading(0.6f, [(0.95f, 0.95f), (0.999f, 0.92f)]);

        var parted = await TouchingDigitsReading.ReadAsync(classifier, WideImage, whole);

        var (number, reading) = Assert.NotNull(parted);
        Assert.Equal("17", reading.Text);
        var second = WideImage.CutsToTry[1];
        Assert.Equal([second.Left.Pixels, second.Right.Pixels], reading.Digits.Select(d => d.Pixels));
        Assert.Equal([second.Left, second.Right], number.Digits);
        Assert.True(number.PartedWhereTouching);
        Assert.Equal(1 + 2 * WideImage.CutsToTry.Count, classifier.Calls);
    }

    [Fact]
    public async Task A_cut_with_a_side_unlike_any_learned_digit_is_not_taken_however_sure_the_models_are_of_it()
    {
        // As above, but the cut taken there has a right side that is no digit the models learned: another cut is read.
        var (classifier, whole) = Reading(0.6f, [(0.95f, 0.95f), (0.999f, 0.92f)]);
        classifier.Unfamiliar.Add(WideImage.CutsToTry[1].Right.Pixels);

        var (number, reading) = Assert.NotNull(await TouchingDigitsReading.ReadAsync(classifier, WideImage, whole));

        Assert.DoesNotContain(WideImage.CutsToTry[1].Right, number.Digits);
        Assert.Equal("17", reading.Text);
        Assert.All(reading.Digits, digit => Assert.False(digit.Classification.IsUnfamiliar));

        // Every cut leaves a side unlike the learned digits (a "#" cut into a 1 and a 7 with bars across): read as one digit.
        classifier.Unfamiliar.AddRange(WideImage.CutsToTry.Select(cut => cut.Right.Pixels));
        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, WideImage, whole));
    }

    [Theory]
    [InlineData(TouchingCutKind.StrokeGroups, null)] // a group of strokes unlike any learned digit is no digit
    [InlineData(TouchingCutKind.WithoutRunOn, "17")] // a side keeping the pen's run may look so while its digit is real
    public async Task Only_a_cut_without_the_pens_run_is_taken_with_a_side_unlike_any_learned_digit(TouchingCutKind kind, string? read)
    {
        var drawn = kind == TouchingCutKind.StrokeGroups ? UWithAOneAcrossItsArm : DigitPreprocessor.Preprocess(TouchingCutsTests.OneAndSevenInOneGo);
        var byStrokes = drawn.CutsToTry.Where(cut => cut.Kind == kind).ToArray();
        List<(float[], int, float)> known = [(drawn.Pixels, 0, 0.6f)];
        known.AddRange(byStrokes.SelectMany(cut => new[] { (cut.Left.Pixels, 1, 0.99f), (cut.Right.Pixels, 7, 0.99f) }));
        known.AddRange(drawn.CutsToTry.Except(byStrokes).SelectMany(cut => new[] { (cut.Left.Pixels, 4, 0.5f), (cut.Right.Pixels, 2, 0.5f) }));
        var classifier = new KnownImagesClassifier(known);
        classifier.Unfamiliar.AddRange(byStrokes.Select(cut => cut.Right.Pixels));

        var parted = await TouchingDigitsReading.ReadAsync(classifier, drawn, await classifier.ClassifyAsync(drawn.Pixels));

        Assert.Equal(read, parted?.Reading.Text);
    }

    /// <summary>A wide U drawn, then a 1 across its right arm: cut straight or by its strokes.</summary>
    private static readonly PreprocessedDigit UWithAOneAcrossItsArm = DigitPreprocessor.Preprocess(new StrokeDrawing(420, 280,
    [
        new Stroke([new(60, 60), new(60, 200), new(100, 230), new(260, 230), new(300, 200), new(300, 60)], 16),
        new Stroke([new(305, 50), new(305, 235)], 16),
    ]));

    [Fact]
    public async Task A_cut_leaving_a_side_as_wide_as_two_digits_is_taken_only_when_no_other_is_read_surely()
    {
        // Its strokes grouped leave the U whole on one side.
        var drawn = UWithAOneAcrossItsArm;
        var wideSided = drawn.CutsToTry.Where(cut => TouchingCuts.IsWideForOne(cut.Left) || TouchingCuts.IsWideForOne(cut.Right)).ToArray();
        var narrow = drawn.CutsToTry.Except(wideSided).ToArray();
        Assert.NotEmpty(wideSided);
        Assert.NotEmpty(narrow);
        List<(float[], int, float)> known = [(drawn.Pixels, 0, 0.6f)];
        known.AddRange(wideSided.SelectMany(cut => new[] { (cut.Left.Pixels, 0, 0.99f), (cut.Right.Pixels, 1, 0.99f) }));
        known.AddRange(narrow.SelectMany(cut => new[] { (cut.Left.Pixels, 4, 0.93f), (cut.Right.Pixels, 2, 0.92f) }));
        var classifier = new KnownImagesClassifier(known);

        var (number, reading) = Assert.NotNull(await TouchingDigitsReading.ReadAsync(classifier, drawn, await classifier.ClassifyAsync(drawn.Pixels)));

        Assert.Equal("42", reading.Text);
        Assert.Contains(number.Digits[0], narrow.Select(cut => cut.Left));
    }

    [Theory]
    [InlineData(TouchingCutKind.StrokeGroups, 0.99f, 0.95f, true)] // sure of both sides: no margin over the whole (two digits across each other can read as one as surely)
    [InlineData(TouchingCutKind.StrokeGroups, 0.6f, 0.8f, true)] // less sure, but surer of both sides than of the whole
    [InlineData(TouchingCutKind.StrokeGroups, 0.85f, 0.8f, true)] // each side a little less sure than the whole, both together surer
    [InlineData(TouchingCutKind.StrokeGroups, 0.95f, 0.8f, false)] // a side far less sure than the whole: a digit drawn in two strokes in a row, such as an open 4
    [InlineData(TouchingCutKind.StrokeGroups, 0.695f, 0.6f, false)] // each side nearly as sure as the whole, but both together less sure
    [InlineData(TouchingCutKind.StrokeGroups, 0.3f, 0.55f, false)] // surer than the whole, but too unsure of a side
    [InlineData(TouchingCutKind.WithoutRunOn, 0.99f, 0.95f, true)] // two digits written in one go can read as one as surely
    [InlineData(TouchingCutKind.WithoutRunOn, 0.6f, 0.8f, true)]
    [InlineData(TouchingCutKind.WithoutRunOn, 0.85f, 0.8f, true)]
    [InlineData(TouchingCutKind.WithoutRunOn, 0.95f, 0.8f, false)]
    [InlineData(TouchingCutKind.WithoutRunOn, 0.695f, 0.6f, false)]
    [InlineData(TouchingCutKind.WithoutRunOn, 0.3f, 0.55f, false)]
    public async Task A_cut_by_the_strokes_is_taken_when_both_sides_are_sure_or_together_read_more_surely_than_the_whole(TouchingCutKind kind, float whole, float sides, bool taken)
    {
        var drawn = kind == TouchingCutKind.StrokeGroups ? UWithAOneAcrossItsArm : DigitPreprocessor.Preprocess(TouchingCutsTests.OneAndSevenInOneGo);
        var byStrokes = drawn.CutsToTry.Where(cut => cut.Kind == kind).ToArray();
        Assert.NotEmpty(byStrokes);
        Assert.All(byStrokes, cut => Assert.True(cut.ByStrokes));
        List<(float[], int, float)> known = [(drawn.Pixels, 0, whole)];
        known.AddRange(byStrokes.SelectMany(cut => new[] { (cut.Left.Pixels, 1, sides), (cut.Right.Pixels, 7, sides) }));
        known.AddRange(drawn.CutsToTry.Except(byStrokes).SelectMany(cut => new[] { (cut.Left.Pixels, 4, 0.5f), (cut.Right.Pixels, 2, 0.5f) }));
        var classifier = new KnownImagesClassifier(known);

        var parted = await TouchingDigitsReading.ReadAsync(classifier, drawn, await classifier.ClassifyAsync(drawn.Pixels));

        Assert.Equal(taken ? "17" : null, parted?.Reading.Text);
    }

    [Theory]
    [InlineData(0.95f, "17")] // read surely without the run: taken, though the straight cut is read surer
    [InlineData(0.5f, "29")] // the straight cut, which keeps the run's pieces on both sides, when the other is not read surely
    public async Task At_one_column_a_cut_without_the_run_of_the_pen_read_surely_is_taken_before_a_straight_cut(float withoutRun, string read)
    {
        var drawn = DigitPreprocessor.Preprocess(TouchingCutsTests.OneAndSevenInOneGo);
        var column = drawn.CutsToTry.GroupBy(cut => cut.Column)
            .First(cuts => cuts.Any(cut => cut.Kind == TouchingCutKind.Straight) && cuts.Any(cut => cut.Kind == TouchingCutKind.WithoutRunOn)).ToArray();
        List<(float[], int, float)> known = [(drawn.Pixels, 0, 0.3f)];
        known.AddRange(column.SelectMany(cut => cut.Kind == TouchingCutKind.WithoutRunOn
            ? new[] { (cut.Left.Pixels, 1, withoutRun), (cut.Right.Pixels, 7, 0.999f) }
            : [(cut.Left.Pixels, 2, 0.999f), (cut.Right.Pixels, 9, 0.999f)]));
        known.AddRange(drawn.CutsToTry.Except(column).SelectMany(cut => new[] { (cut.Left.Pixels, 3, 0.3f), (cut.Right.Pixels, 3, 0.3f) }));
        var classifier = new KnownImagesClassifier(known);

        var parted = await TouchingDigitsReading.ReadAsync(classifier, drawn, await classifier.ClassifyAsync(drawn.Pixels));

        Assert.Equal(read, parted?.Reading.Text);
    }

    [Theory]
    [InlineData(0.6f, 0.99f, 0.89f)] // one side not sure enough
    [InlineData(0.93f, 0.99f, 0.97f)] // hardly surer than of the whole: a wide digit keeps its reading
    [InlineData(0.99f, 0.99f, 0.99f)]
    public async Task No_cut_is_taken_unless_both_sides_are_sure_and_surer_than_the_whole(float whole, float left, float right)
    {
        var (classifier, classification) = Reading(whole, [(left, right)], NarrowerImage);

        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, NarrowerImage, classification));
    }

    [Theory]
    [InlineData(0.99f, 0.98f, 0.98f, true)] // both sides very sure and together surer than the whole: no margin needed
    [InlineData(0.93f, 0.99f, 0.97f, true)]
    [InlineData(0.93f, 0.999f, 0.96f, false)] // a side not sure enough without the margin, nor 5 points surer than the whole
    [InlineData(0.999999f, 0.98f, 0.98f, false)] // together less sure than the whole
    public async Task An_images_ink_wider_than_a_digit_is_cut_when_both_sides_are_very_sure_and_together_surer_than_the_whole(
        float whole, float left, float right, bool taken)
    {
        var (classifier, classification) = Reading(whole, [(left, right)]);

        var parted = await TouchingDigitsReading.ReadAsync(classifier, WideImage, classification);

        Assert.Equal(taken ? "17" : null, parted?.Reading.Text);
    }

    [Fact]
    public async Task A_drawings_ink_wider_than_a_digit_needs_the_margin_over_the_whole_for_a_straight_cut()
    {
        var drawn = DigitPreprocessor.Preprocess(TouchingCutsTests.WideU);
        Assert.True(drawn.IsWiderThanADigit);
        var straight = drawn.CutsToTry.Where(cut => cut.Kind == TouchingCutKind.Straight).ToArray();
        Assert.Equal(drawn.CutsToTry, straight);
        List<(float[], int, float)> known = [(drawn.Pixels, 0, 0.93f)];
        known.AddRange(straight.SelectMany(cut => new[] { (cut.Left.Pixels, 1, 0.99f), (cut.Right.Pixels, 7, 0.97f) }));
        var classifier = new KnownImagesClassifier(known);

        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, drawn, await classifier.ClassifyAsync(drawn.Pixels)));
    }

    [Fact]
    public async Task A_whole_read_too_surely_for_any_cut_to_beat_it_is_not_read_again()
    {
        var (classifier, whole) = Reading(1f - TouchingDigitsReading.MinMarginOverWhole, [(1f, 1f)], NarrowerImage);

        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, NarrowerImage, whole));
        Assert.Equal(1, classifier.Calls); // the whole, read by the test itself
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

    [Fact]
    public async Task Read_as_two_because_the_person_says_so_the_cut_read_best_is_taken_however_unsure_the_models_are()
    {
        // No cut is read surely enough for the page to take it, the first's sides least surely.
        var (classifier, whole) = Reading(0.9f, [(0.5f, 0.5f), (0.7f, 0.6f)]);
        Assert.Null(await TouchingDigitsReading.ReadAsync(classifier, WideImage, whole));

        var (number, reading) = Assert.NotNull(await TouchingDigitsReading.ReadAsTwoAsync(classifier, WideImage));

        Assert.Equal("17", reading.Text);
        Assert.Equal([WideImage.CutsToTry[1].Left.Pixels, WideImage.CutsToTry[1].Right.Pixels], number.Digits.Select(digit => digit.Pixels));
        Assert.True(number.PartedWhereTouching);

        // A cut whose side is unlike any learned digit comes after every other.
        classifier.Unfamiliar.Add(WideImage.CutsToTry[1].Right.Pixels);
        var (_, familiar) = Assert.NotNull(await TouchingDigitsReading.ReadAsTwoAsync(classifier, WideImage));
        Assert.All(familiar.Digits, digit => Assert.False(digit.Classification.IsUnfamiliar));

        // Ink without cuts to try is not read as two.
        var seven = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(DrawingPadGeometry.TypicalSeven));
        Assert.Null(await TouchingDigitsReading.ReadAsTwoAsync(new KnownImagesClassifier([]), seven));
    }

    /// <summary>An image of "1", a decimal point and a wide U (1.3 times as wide as tall), the parts apart.</summary>
    private static readonly PreprocessedDigit OnePointWide = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(new StrokeDrawing(620, 280,
    [
        new Stroke([new(60, 60), new(60, 230)], 16),
        new Stroke([new(120, 228)], 16),
        new Stroke([new(180, 60), new(180, 200), new(220, 230), new(360, 230), new(400, 200), new(400, 60)], 16),
    ])));

    [Fact]
    public async Task A_digit_of_a_number_read_surely_as_two_touching_digits_counts_as_both_and_the_decimal_point_stays_after_the_same_digits()
    {
        Assert.Equal(new NumberMarks(false, 1), OnePointWide.Marks);
        var (one, wide) = (OnePointWide.Digits[0], OnePointWide.Digits[1]);
        Assert.Empty(one.CutsToTry);
        Assert.NotEmpty(wide.CutsToTry);
        List<(float[], int, float)> known = [(one.Pixels, 1, 0.99f), (wide.Pixels, 0, 0.6f)];
        known.AddRange(wide.CutsToTry.SelectMany(cut => new[] { (cut.Left.Pixels, 4, 0.98f), (cut.Right.Pixels, 2, 0.97f) }));

        var (number, reading) = await TouchingDigitsReading.ReadNumberAsync(new KnownImagesClassifier(known), OnePointWide);

        Assert.Equal("1.42", reading.Text);
        Assert.Equal(3, number.Digits.Count);
        Assert.Same(one, number.Digits[0]);
        Assert.Equal(3, number.SideBySideParts);
        Assert.True(number.PartedWhereTouching);
        Assert.Equal(new NumberMarks(false, 1), number.Marks);
    }

    [Fact]
    public async Task A_drawn_digit_of_a_number_parted_where_touching_keeps_each_digits_strokes_to_be_saved_alone()
    {
        // "1" drawn apart, then a wide U whose right arm ends in a hook (no two sides of its cuts alike): a number of two
        // drawn digits, the U with cuts to try.
        var one = new Stroke([new(40, 60), new(40, 230)], 16);
        var number = DigitPreprocessor.Preprocess(new StrokeDrawing(500, 280,
            [one, new Stroke([.. TouchingCutsTests.WideU.Strokes[0].Points.Select(p => new StrokePoint(p.X + 60, p.Y)), new(370, 40)], 16)]));
        Assert.Equal(2, number.DigitStrokes.Count);
        var wide = number.Digits[1];
        Assert.NotEmpty(wide.CutsToTry);
        List<(float[], int, float)> known = [(number.Digits[0].Pixels, 1, 0.99f), (wide.Pixels, 0, 0.6f)];
        known.AddRange(wide.CutsToTry.SelectMany(cut => new[] { (cut.Left.Pixels, 4, 0.98f), (cut.Right.Pixels, 2, 0.97f) }));

        var (parted, reading) = await TouchingDigitsReading.ReadNumberAsync(new KnownImagesClassifier(known), number);

        Assert.Equal("142", reading.Text);
        Assert.True(parted.PartedWhereTouching);
        Assert.Equal(3, parted.DigitStrokes.Count);
        Assert.Same(number.DigitStrokes[0], parted.DigitStrokes[0]);
        var cut = wide.CutsToTry.Single(c => c.Left == parted.Digits[1]);
        Assert.Equal(cut.SideStrokes, parted.DigitStrokes.Skip(1));
    }

    [Fact]
    public async Task A_number_whose_digits_are_read_better_whole_is_read_as_its_parts()
    {
        var (one, wide) = (OnePointWide.Digits[0], OnePointWide.Digits[1]);
        var classifier = new KnownImagesClassifier([(one.Pixels, 1, 0.99f), (wide.Pixels, 0, 0.99f)]);

        var (number, reading) = await TouchingDigitsReading.ReadNumberAsync(classifier, OnePointWide);

        Assert.Equal("1.0", reading.Text);
        Assert.Same(OnePointWide, number);
        Assert.Equal(2, classifier.Calls); // so sure of the wide digit whole that its cuts are not read
    }

    [Fact]
    public async Task Digits_parted_either_side_of_a_decimal_point_leave_it_between_them()
    {
        // A wide U, a decimal point, another wide U.
        var number = DigitPreprocessor.Preprocess(StrokeRasterizer.Rasterize(new StrokeDrawing(700, 280,
        [
            new Stroke([new(60, 60), new(60, 200), new(100, 230), new(240, 230), new(280, 200), new(280, 60)], 16),
            new Stroke([new(340, 228)], 16),
            new Stroke([new(400, 60), new(400, 200), new(440, 230), new(580, 230), new(620, 200), new(620, 60)], 16),
        ])));
        Assert.Equal(new NumberMarks(false, 1), number.Marks);
        List<(float[], int, float)> known = [.. number.Digits.Select(digit => (digit.Pixels, 0, 0.6f))];
        known.AddRange(number.Digits.SelectMany(digit => digit.CutsToTry).SelectMany(cut => new[] { (cut.Left.Pixels, 4, 0.98f), (cut.Right.Pixels, 2, 0.97f) }));

        var (parted, reading) = await TouchingDigitsReading.ReadNumberAsync(new KnownImagesClassifier(known), number);

        Assert.Equal("42.42", reading.Text);
        Assert.Equal(new NumberMarks(false, 2), parted.Marks);
        Assert.Equal(4, parted.Digits.Count);
    }
}
