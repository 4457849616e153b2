using Microsoft.Playwright;
using MnistBlazor.Server.Tests.Support;
using MnistBlazor.Shared;
using MnistBlazor.Shared.Data;
using MnistBlazor.Shared.Models;
using MnistBlazor.Shared.Records;

namespace MnistBlazor.EndToEnd.Tests.Insights;

[CollectionDefinition(nameof(InsightsCollection))]
public sealed class InsightsCollection : ICollectionFixture<InsightsFixture>;

/// <summary>
/// A real server whose models directory holds tiny ONNX models and recorded training files (histories,
/// a card, test metrics with known mistakes on the real MNIST test labels), a small pen-digit file
/// (<see cref="UnipenText.FourDigits"/>: 7, 1, 0, 4), and one headless Chromium.
/// </summary>
public sealed class InsightsFixture() : ServerAndBrowserFixture("mnistblazor-e2e-insights")
{
    /// <summary>simple-cnn's known mistakes: (true, predicted, how many of the first test images of that digit).</summary>
    public static readonly (int True, int Predicted, int Count)[] Mistakes = [(3, 5, 6), (9, 4, 4), (7, 1, 3)];

    public LabeledImages TestSet { get; } = MnistDataset.Load(ProjectPaths.DefaultDataDirectory, MnistSplit.Test);

    public string PenDigitsFile => Path.Combine(ModelsDirectory, "pen-data", "pens.tes");

    /// <summary>A file named as the Training CLI that is no program: a training the owner starts fails, as a real failure would.</summary>
    public string BrokenTrainingCli => Path.Combine(ModelsDirectory, "broken-cli", "MnistBlazor.Training.dll");

    protected override IReadOnlyDictionary<string, string> ServerConfiguration =>
        new Dictionary<string, string> { ["PenDigits__File"] = PenDigitsFile, ["Training__Executable"] = BrokenTrainingCli };

    protected override Task PrepareModelsAsync()
    {
        foreach (var spec in ModelCatalog.All)
        {
            TinyOnnxModel.WriteConstant(new ModelFiles(ModelsDirectory, spec.Id).Onnx, spec.Id == "cnn-quad" ? 2 : 7);
        }

        WriteHistory("nn", epochs: 3, totalEpochs: 5, RunStatus.Running);
        WriteHistory("simple-cnn", epochs: 2, totalEpochs: 2, RunStatus.Completed);
        WriteMetrics("simple-cnn");
        WriteQuickProfileCard("cnn-proj");
        Directory.CreateDirectory(Path.GetDirectoryName(BrokenTrainingCli)!);
        File.WriteAllText(BrokenTrainingCli, "not an assembly");
        Directory.CreateDirectory(Path.GetDirectoryName(PenDigitsFile)!);
        File.WriteAllText(PenDigitsFile, UnipenText.FourDigits());
        return Task.CompletedTask;
    }

    public async Task<IPage> OpenAsync(string path, int width = 1360, int height = 1000, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(Chromium.PatienceMilliseconds);
        await ContentSecurity.WatchAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Server.Address, path).ToString());
        // The pages mark themselves once their circuit is up and the controls respond.
        if (path != "/" && !path.StartsWith("/?", StringComparison.Ordinal))
        {
            await page.Locator("[data-interactive=true]").WaitForAsync();
        }

        return page;
    }

    /// <summary>Rewrites a history the way training does each epoch (atomically).</summary>
    public void WriteHistory(string modelId, int epochs, int totalEpochs, RunStatus status)
    {
        var files = new ModelFiles(ModelsDirectory, modelId);
        Directory.CreateDirectory(files.Directory);
        RecordFile.Write(files.History, new TrainingHistory
        {
            ModelId = modelId,
            Recipe = "modern",
            Status = status,
            TotalEpochs = totalEpochs,
            Epochs = Enumerable.Range(1, epochs)
                .Select(e => new EpochRecord(e, 0.6 / e, 0.9 + 0.015 * e, 0.7 / e, 0.89 + 0.015 * e, 0.002 / e, 40, 1500))
                .ToArray(),
            Progress = status == RunStatus.Running
                ? new RunProgress(epochs + 1, totalEpochs, 4000, 12000, 1480, 35, DateTimeOffset.UtcNow)
                : null,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            UpdatedAt = DateTimeOffset.UtcNow,
        });
    }

    /// <summary>The card of a model trained on part of MNIST, as the quick profile writes it.</summary>
    private void WriteQuickProfileCard(string modelId)
    {
        var spec = ModelCatalog.Get(modelId);
        RecordFile.Write(new ModelFiles(ModelsDirectory, modelId).Card, new ModelCard
        {
            ModelId = modelId,
            DisplayName = spec.DisplayName,
            Architecture = modelId,
            Recipe = new TrainingRecipe("modern", "adamw", 0.003, "one-cycle", 64, 2, true, 0.05, 42, 20_000),
            DataSource = MnistDataset.SourceName,
            DataChecksum = "0",
        });
    }

    private void WriteMetrics(string modelId)
    {
        var labels = TestSet.Labels!;
        var probabilities = new float[labels.Length * 10];
        var remaining = Mistakes.ToDictionary(m => m.True, m => m.Count);
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = (int)labels[i];
            var mistake = Mistakes.FirstOrDefault(m => m.True == labels[i]);
            if (remaining.TryGetValue(labels[i], out var left) && left > 0)
            {
                remaining[labels[i]] = left - 1;
                predicted = mistake.Predicted;
            }

            probabilities[i * 10 + predicted] = 0.9f;
            probabilities[i * 10 + (predicted + 1) % 10] = 0.1f;
        }

        var files = new ModelFiles(ModelsDirectory, modelId);
        RecordFile.Write(files.Metrics, TestMetrics.Compute(modelId, "mnist-test", labels, probabilities, DateTimeOffset.UtcNow));
    }
}
