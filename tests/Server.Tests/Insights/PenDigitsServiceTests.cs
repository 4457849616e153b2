using Microsoft.Extensions.DependencyInjection;
using MnistBlazor.Client.Insights;
using MnistBlazor.Server.Inference;
using MnistBlazor.Server.Insights;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared.Drawings;
using MnistBlazor.Shared.Imaging;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.PenDigits;

namespace MnistBlazor.Server.Tests.Insights;

public sealed class PenDigitsServiceTests : IDisposable
{
    private readonly TestModels models = TestModels.AllFour();

    private string DataDirectory => Path.Combine(models.Directory, "data");

    [Fact]
    public async Task A_configured_file_is_read_into_digits_their_drawings_and_the_images_the_models_receive_once_while_unchanged()
    {
        using var app = App(WritePenFile(UnipenText.FourDigits()));
        var service = app.Services.GetRequiredService<IPenDigits>();

        var loaded = await service.LoadedAsync();

        Assert.Equal(PenDigitsState.Ready, loaded.State);
        Assert.Equal("pens.tes", loaded.SourceName);
        Assert.Equal([7, 1, 0, 4], loaded.Digits.Select(d => d.Label));
        Assert.Equal([1, 1, 2, 2], loaded.Digits.Select(d => d.Writer ?? 0));
        Assert.Equal([7, 1, 0, 4], loaded.Images!.Labels!.Select(l => (int)l));
        Assert.Same(loaded, await service.LoadedAsync());
        Assert.Same(loaded, service.Current);

        // The "1" was drawn from the top down (tablet y falling): on the pad y grows; it is centred and fills 70 %.
        var one = loaded.Digits[1].ToDrawing().Strokes.Single().Points;
        Assert.True(one[^1].Y > one[0].Y);
        Assert.Equal(DrawingPadGeometry.CanvasSide * DrawingPadGeometry.TypicalFill, one.Max(p => p.Y) - one.Min(p => p.Y), 2);
        Assert.Equal(DrawingPadGeometry.CanvasSide / 2f, (one.Max(p => p.Y) + one.Min(p => p.Y)) / 2, 2);

        // Each image is the digit's drawing through the drawing page's preprocessing.
        for (var i = 0; i < loaded.Digits.Count; i++)
        {
            var expected = DrawingImage.ToBytes(DigitPreprocessor.Preprocess(loaded.Digits[i].ToDrawing()).Pixels);
            Assert.Equal(expected, loaded.Images.ImageBytes(i).ToArray());
            Assert.Contains(expected, b => b > 128);
        }
    }

    [Fact]
    public async Task A_malformed_file_is_reported_with_its_line_and_name_but_never_the_servers_directory()
    {
        var good = UnipenText.File(UnipenText.Digit(7, 1, UnipenText.Seven));
        var text = good + ".SEGMENT DIGIT 1-2 ? \"3\"\n.PEN_DOWN\n 100 twelve\n.PEN_UP\n";
        var badLine = good.Count(c => c == '\n') + 3;
        var path = WritePenFile(text);
        using var app = App(path);

        var loaded = await app.Services.GetRequiredService<IPenDigits>().LoadedAsync();
        var page = await app.CreateClient().GetStringAsync("/dataset?set=pen");

        Assert.Equal(PenDigitsState.Unavailable, loaded.State);
        Assert.StartsWith($"pens.tes line {badLine}: '100 twelve' is not a point", loaded.Problem);
        Assert.DoesNotContain(models.Directory, loaded.Problem);
        Assert.Contains($"pens.tes line {badLine}", page);
        Assert.DoesNotContain(models.Directory, page);
    }

    [Fact]
    public async Task Without_a_file_the_pages_say_how_to_get_one_and_the_comparison_skips_the_pen_scores()
    {
        using var app = App(penFile: null);

        var loaded = await app.Services.GetRequiredService<IPenDigits>().LoadedAsync();
        var comparison = app.Services.GetRequiredService<ModelComparisonService>();
        await comparison.MeasureNowAsync();
        var page = await app.CreateClient().GetStringAsync("/dataset?set=pen");

        Assert.Equal(PenDigitsState.Unavailable, loaded.State);
        Assert.Equal("pen-digits.tes", loaded.SourceName);
        Assert.Contains(PenDigitSet.HowToGet, loaded.Problem);
        Assert.DoesNotContain(models.Directory, loaded.Problem);
        Assert.Contains("data-testid=\"dataset-unavailable\"", page);
        Assert.Contains("PenDigits:File", page);
        Assert.Equal(EvaluationState.Unavailable, comparison.PenDigitsEvaluation.State);
        Assert.Contains(PenDigitSet.HowToGet, comparison.PenDigitsEvaluation.Message);
        Assert.Empty(comparison.PenDigitMetrics);
        Assert.NotEmpty(comparison.MedianLatency); // the rest of the comparison still works
    }

    [Fact]
    public async Task Every_model_and_the_ensemble_are_scored_on_the_pen_digits_once_per_version_of_their_files()
    {
        using var app = App(WritePenFile(UnipenText.FourDigits()));
        var comparison = app.Services.GetRequiredService<ModelComparisonService>();

        await comparison.MeasureNowAsync();

        var first = comparison.PenDigitMetrics;
        Assert.Equal([.. ModelCatalog.Ids, ModelCatalog.EnsembleId], first.Keys.ToHashSet());
        Assert.All(first.Values, m => Assert.Equal((PenDigitSet.DatasetName, 4), (m.Dataset, m.Count)));
        Assert.Equal(0.25, first["simple-cnn"].Accuracy); // always 7: right on the 7 only
        Assert.Equal([1, 2, 3], first["simple-cnn"].Misclassified.Select(m => m.Index));
        Assert.All(first["simple-cnn"].Misclassified, m => Assert.Equal(TestModels.SimpleCnnDigit, m.PredictedLabel));
        Assert.Equal(0, first["cnn-quad"].Accuracy); // always 2
        Assert.Equal(0.25, first[ModelCatalog.EnsembleId].Accuracy); // 7, 7 and 2 vote 7
        Assert.Equal(EvaluationState.Current, comparison.PenDigitsEvaluation.State);
        Assert.Equal("4 models and the ensemble measured on 4 real pen digits from pens.tes.", comparison.PenDigitsEvaluation.Message);

        await comparison.MeasureNowAsync();
        Assert.Same(first["simple-cnn"], comparison.PenDigitMetrics["simple-cnn"]);

        // cnn-quad is retrained to say 4: it and the ensemble are measured again, the others are kept.
        await Task.Delay(20);
        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-quad"), 4);
        app.Services.GetRequiredService<ModelRegistry>().Reload("cnn-quad");
        await comparison.MeasureNowAsync();

        var second = comparison.PenDigitMetrics;
        Assert.Same(first["simple-cnn"], second["simple-cnn"]);
        Assert.Equal(0.25, second["cnn-quad"].Accuracy);
        Assert.NotSame(first[ModelCatalog.EnsembleId], second[ModelCatalog.EnsembleId]);
    }

    [Fact]
    public async Task The_profiled_models_and_the_pages_rule_say_which_pen_digits_they_call_unlike_the_learned_ones()
    {
        // The simple CNN's profile has a threshold no image stays within: it calls every digit unlike its learned ones,
        // and as the ensemble's only profiled member it is the majority there too.
        File.WriteAllBytes(models.OnnxPath("simple-cnn"), ProfiledSimpleCnn.File(ProfiledSimpleCnn.CentredProfile(threshold: 1e-6f).ToMetadata()));
        var penFile = WritePenFile(UnipenText.FourDigits());
        var storedPath = Path.Combine(models.Directory, StoredPenDigitScores.FileName);
        using (var app = App(penFile))
        {
            var comparison = app.Services.GetRequiredService<ModelComparisonService>();
            await comparison.MeasureNowAsync();

            var metrics = comparison.PenDigitMetrics;
            Assert.Equal([0, 1, 2, 3], metrics["simple-cnn"].Unfamiliar);
            Assert.Equal([0, 1, 2, 3], metrics[ModelCatalog.EnsembleId].Unfamiliar);
            Assert.Null(metrics["cnn-quad"].Unfamiliar); // no profile: not measured, not "none"
            Assert.Null(metrics["nn"].Unfamiliar);
        }

        Assert.DoesNotContain("\"unfamiliar\": null", File.ReadAllText(storedPath));

        // A score file written before familiarity was measured: the profiled models are measured once more, the others kept.
        var stored = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(storedPath))!;
        foreach (var score in stored["scores"]!.AsArray())
        {
            score!["metrics"]!.AsObject().Remove("unfamiliar");
        }

        File.WriteAllText(storedPath, stored.ToJsonString());
        using (var restarted = App(penFile))
        {
            var (comparison, states) = Watched(restarted);
            await comparison.MeasureNowAsync();

            Assert.Contains(states, e => e.State == EvaluationState.Running && e.Message!.StartsWith("Measuring simple-cnn, ensemble on 4 real pen digits", StringComparison.Ordinal));
            Assert.Equal([0, 1, 2, 3], comparison.PenDigitMetrics["simple-cnn"].Unfamiliar);
        }
    }

    [Fact]
    public async Task The_pen_scores_outlive_a_restart_for_the_same_model_files_and_digits()
    {
        var penFile = WritePenFile(UnipenText.FourDigits());
        var storedPath = Path.Combine(models.Directory, StoredPenDigitScores.FileName);
        IReadOnlyDictionary<string, MnistBlazor.Shared.Records.TestMetrics> measured;
        using (var first = App(penFile))
        {
            var comparison = first.Services.GetRequiredService<ModelComparisonService>();
            await comparison.MeasureNowAsync();
            measured = comparison.PenDigitMetrics;
        }

        Assert.True(File.Exists(storedPath));
        using (var restarted = App(penFile))
        {
            var (comparison, states) = Watched(restarted);
            await comparison.MeasureNowAsync();

            Assert.DoesNotContain(states, e => e.State == EvaluationState.Running); // nothing ran: every score came from the file
            Assert.Equal(measured.Keys.ToHashSet(), comparison.PenDigitMetrics.Keys.ToHashSet());
            Assert.All(measured, m => Assert.Equal(
                (m.Value.Accuracy, m.Value.Count, m.Value.Misclassified.Count),
                (comparison.PenDigitMetrics[m.Key].Accuracy, comparison.PenDigitMetrics[m.Key].Count, comparison.PenDigitMetrics[m.Key].Misclassified.Count)));
            Assert.Equal(EvaluationState.Current, comparison.PenDigitsEvaluation.State);
        }

        // cnn-quad is retrained while the server is down: it and the ensemble are measured again, the others are not.
        await Task.Delay(20);
        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-quad"), 4);
        using (var retrained = App(penFile))
        {
            var (comparison, states) = Watched(retrained);
            await comparison.MeasureNowAsync();

            // Only cnn-quad and the ensemble are measured again.
            Assert.Contains(states, e => e.State == EvaluationState.Running && e.Message!.StartsWith("Measuring cnn-quad, ensemble on 4 real pen digits", StringComparison.Ordinal));
            Assert.DoesNotContain(states, e => e.State == EvaluationState.Running && e.Message!.Contains("simple-cnn", StringComparison.Ordinal));
            Assert.Equal(0.25, comparison.PenDigitMetrics["cnn-quad"].Accuracy);
            Assert.Equal(EvaluationState.Current, comparison.PenDigitsEvaluation.State);
        }

        Assert.Contains(
            "cnn-quad@",
            MnistBlazor.Shared.Records.RecordFile.Read<StoredPenDigitScores>(storedPath).Scores.Single(s => s.ModelId == "cnn-quad").ModelFiles);
    }

    [Fact]
    public async Task Every_model_is_measured_on_the_digits_written_differently_once_per_version_and_across_restarts()
    {
        var penFile = WritePenFile(UnipenText.FourDigits());
        var ways = PenDigitVariation.Standard.Skip(1).Select(v => v.Name).ToArray();
        using (var app = App(penFile))
        {
            var comparison = app.Services.GetRequiredService<ModelComparisonService>();
            await comparison.MeasureNowAsync();

            var variations = comparison.PenDigitVariations;
            Assert.Equal([.. ModelCatalog.Ids, ModelCatalog.EnsembleId], variations.Keys.ToHashSet());
            Assert.All(variations.Values, v => Assert.Equal(ways, v.Select(a => a.Variation)));
            Assert.All(variations["simple-cnn"], a => Assert.Equal(0.25, a.Accuracy)); // always 7, however the digits are written
            Assert.All(variations["cnn-quad"], a => Assert.Equal(0, a.Accuracy)); // always 2
            Assert.Equal(EvaluationState.Current, comparison.PenDigitVariationsEvaluation.State);
            Assert.Equal("Measured on the 4 pen digits written 8 other ways.", comparison.PenDigitVariationsEvaluation.Message);
        }

        var stored = MnistBlazor.Shared.Records.RecordFile.Read<StoredPenDigitScores>(Path.Combine(models.Directory, StoredPenDigitScores.FileName));
        Assert.All(stored.Scores, s => Assert.Equal(ways, s.Variations!.Select(a => a.Variation)));

        // Restarted with cnn-quad retrained to say 4: only it and the ensemble are measured again.
        await Task.Delay(20);
        TinyOnnxModel.WriteConstant(models.OnnxPath("cnn-quad"), 4);
        using (var restarted = App(penFile))
        {
            var comparison = restarted.Services.GetRequiredService<ModelComparisonService>();
            var running = new List<string>();
            comparison.Changed += () =>
            {
                lock (running)
                {
                    if (comparison.PenDigitVariationsEvaluation is { State: EvaluationState.Running, Message: { } message })
                    {
                        running.Add(message);
                    }
                }
            };
            await comparison.MeasureNowAsync();

            Assert.NotEmpty(running);
            Assert.All(running, m => Assert.StartsWith("Measuring cnn-quad, ensemble on the 4 pen digits written 8 other ways", m));
            Assert.All(comparison.PenDigitVariations["cnn-quad"], a => Assert.Equal(0.25, a.Accuracy)); // always 4: right on the 4
            Assert.All(comparison.PenDigitVariations["simple-cnn"], a => Assert.Equal(0.25, a.Accuracy));
        }
    }

    [Fact]
    public async Task Other_digits_or_an_unreadable_score_file_are_measured_again_and_the_file_replaced()
    {
        var storedPath = Path.Combine(models.Directory, StoredPenDigitScores.FileName);
        using (var first = App(WritePenFile(UnipenText.FourDigits())))
        {
            await first.Services.GetRequiredService<ModelComparisonService>().MeasureNowAsync();
        }

        var fingerprint = MnistBlazor.Shared.Records.RecordFile.Read<StoredPenDigitScores>(storedPath).DigitsFingerprint;
        var otherDigits = WritePenFile(UnipenText.File(UnipenText.Digit(7, 1, UnipenText.Seven), UnipenText.Digit(0, 2, UnipenText.Zero)));
        using (var changed = App(otherDigits))
        {
            var (comparison, states) = Watched(changed);
            await comparison.MeasureNowAsync();

            Assert.Contains(states, e => e.State == EvaluationState.Running);
            Assert.All(comparison.PenDigitMetrics.Values, m => Assert.Equal(2, m.Count));
        }

        Assert.NotEqual(fingerprint, MnistBlazor.Shared.Records.RecordFile.Read<StoredPenDigitScores>(storedPath).DigitsFingerprint);

        File.WriteAllText(storedPath, "{ not json");
        using (var unreadable = App(otherDigits))
        {
            var (comparison, states) = Watched(unreadable);
            await comparison.MeasureNowAsync();

            Assert.Contains(states, e => e.State == EvaluationState.Running);
            Assert.Equal(EvaluationState.Current, comparison.PenDigitsEvaluation.State);
        }

        Assert.Equal(5, MnistBlazor.Shared.Records.RecordFile.Read<StoredPenDigitScores>(storedPath).Scores.Count);
    }

    [Fact]
    public async Task A_file_replaced_while_the_server_runs_is_read_again_and_its_digits_measured_without_a_restart()
    {
        var penFile = WritePenFile(UnipenText.FourDigits());
        using var app = App(penFile);
        var service = app.Services.GetRequiredService<IPenDigits>();
        var comparison = app.Services.GetRequiredService<ModelComparisonService>();
        await comparison.MeasureNowAsync();
        var before = await service.LoadedAsync();
        Assert.All(comparison.PenDigitMetrics.Values, m => Assert.Equal(4, m.Count));

        WritePenFile(UnipenText.File(UnipenText.Digit(7, 1, UnipenText.Seven), UnipenText.Digit(0, 2, UnipenText.Zero)));
        File.SetLastWriteTimeUtc(penFile, DateTime.UtcNow.AddSeconds(5));

        var after = await service.LoadedAsync();
        Assert.NotSame(before, after);
        Assert.Equal([7, 0], after.Digits.Select(d => d.Label));
        Assert.Same(after, service.Current);
        Assert.Empty(comparison.PenDigitMetrics); // the first file's scores are not shown beside the second file's digits

        await comparison.MeasureNowAsync();
        Assert.Equal([.. ModelCatalog.Ids, ModelCatalog.EnsembleId], comparison.PenDigitMetrics.Keys.ToHashSet());
        Assert.All(comparison.PenDigitMetrics.Values, m => Assert.Equal(2, m.Count));
        Assert.All(comparison.PenDigitVariations.Values, v => Assert.Equal(PenDigitVariation.Standard.Count - 1, v.Count));
        Assert.Equal("4 models and the ensemble measured on 2 real pen digits from pens.tes.", comparison.PenDigitsEvaluation.Message);

        // Unchanged since: read once, not again.
        Assert.Same(after, await service.LoadedAsync());
    }

    /// <summary>The app's comparison, and every state its pen-digit measurement goes through from now on.</summary>
    private static (ModelComparisonService Comparison, List<EnsembleEvaluation> States) Watched(WebAppFactory app)
    {
        var comparison = app.Services.GetRequiredService<ModelComparisonService>();
        var states = new List<EnsembleEvaluation>();
        comparison.Changed += () =>
        {
            lock (states)
            {
                states.Add(comparison.PenDigitsEvaluation);
            }
        };
        return (comparison, states);
    }

    private WebAppFactory App(string? penFile)
    {
        var settings = new Dictionary<string, string> { ["Insights:DataDirectory"] = DataDirectory };
        if (penFile is not null)
        {
            settings["PenDigits:File"] = penFile;
        }

        return new WebAppFactory(models.Directory, settings);
    }

    private string WritePenFile(string text)
    {
        Directory.CreateDirectory(DataDirectory);
        var path = Path.Combine(DataDirectory, "pens.tes");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => models.Dispose();
}
