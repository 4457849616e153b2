using System.Reflection;
using System.Text;
using Microsoft.Playwright;
using MnistBlazor.Shared;
using MnistBlazor.Shared.Infrastructure;
using MnistBlazor.Shared.Models;

namespace MnistBlazor.EndToEnd.Tests;

/// <summary>
/// Models trained during test setup by the Training CLI (quick profile: the NN and the simple CNN on 12,000 images, about
/// 3 minutes together on two idle cores; the two larger CNNs would take several more), served by the real server: clearly drawn digits drawn with the mouse are classified
/// correctly by the NN, the CNN and the ensemble (here the CNN alone).
/// </summary>
public sealed class TrainedModelsFixture() : ServerAndBrowserFixture("mnistblazor-e2e-trained")
{
    private static readonly TimeSpan TrainingTimeout = TimeSpan.FromMinutes(20); // about 3 minutes on idle cores; generous for a loaded machine

    protected override async Task PrepareModelsAsync()
    {
        var trainingDirectory = typeof(TrainedModelsFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TrainingOutputDirectory").Value!;
        var output = new StringBuilder();
        void Append(string line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        var training = new ChildProcessStart("dotnet",
        [
            Path.Combine(trainingDirectory, "MnistBlazor.Training.dll"), "train",
            // The simple CNN on the quick profile's smallest count (its own is larger): enough for clear digits, and quicker.
            "--model", $"{ModelCatalog.Nn.Id},{ModelCatalog.SimpleCnn.Id}", "--profile", "quick", "--training-images", "12000",
            "--data-dir", ProjectPaths.DefaultDataDirectory, "--models-dir", ModelsDirectory,
        ])
        {
            WorkingDirectory = trainingDirectory,
        };
        using var timeout = new CancellationTokenSource(TrainingTimeout);
        int exitCode;
        try
        {
            exitCode = await ChildProcess.RunAsync(training, Append, Append, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Training did not finish within {TrainingTimeout}.");
        }

        if (exitCode != 0
            || !File.Exists(new ModelFiles(ModelsDirectory, ModelCatalog.Nn.Id).Onnx)
            || !File.Exists(new ModelFiles(ModelsDirectory, ModelCatalog.SimpleCnn.Id).Onnx))
        {
            throw new InvalidOperationException(
                $"Training failed (exit code {exitCode}):\n{output}");
        }
    }
}

public sealed class TrainedModelsTests(TrainedModelsFixture fixture) : IClassFixture<TrainedModelsFixture>
{
    public static TheoryData<string> Digits => new() { "1", "0", "7" };

    [Theory]
    [MemberData(nameof(Digits))]
    public async Task A_clearly_drawn_digit_is_classified_correctly_by_the_trained_models(string digit)
    {
        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
        await using var _ = context;
        foreach (var stroke in Strokes(digit))
        {
            await DrawingPage.DrawStrokeAsync(page, 4, stroke);
        }

        foreach (var modelId in new[] { ModelCatalog.Nn.Id, ModelCatalog.SimpleCnn.Id, ModelCatalog.EnsembleId })
        {
            await Assertions.Expect(page.Locator($"[data-testid=model-card-{modelId}] [data-testid=predicted-digit]")).ToHaveTextAsync(digit);
        }

        await Assertions.Expect(page.Locator("[data-testid=model-card-simple-cnn] [data-testid=test-accuracy]")).ToContainTextAsync("Test accuracy");
        await Assertions.Expect(page.Locator("[data-testid=model-card-cnn-quad]")).ToHaveAttributeAsync("data-state", "not-trained");
        await Assertions.Expect(page.Locator("[data-testid=verdict-summary]")).ToContainTextAsync($"models say {digit}");
    }

    /// <summary>The layer views need a model exported with them, as these are; the fixtures of the other page tests predate them.</summary>
    [Fact]
    public async Task The_layers_of_a_trained_cnn_break_no_accessibility_rule()
    {
        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
        await using var _ = context;
        foreach (var stroke in Strokes("7"))
        {
            await DrawingPage.DrawStrokeAsync(page, 4, stroke);
        }

        await Assertions.Expect(page.Locator("[data-testid=model-card-simple-cnn] [data-testid=predicted-digit]")).ToHaveTextAsync("7");
        await page.Locator("[data-testid=layers-toggle]").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=layers-{ModelCatalog.SimpleCnn.Id}] img").First).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the drawing page with a trained CNN's layers open");
    }

    private static (double X, double Y)[][] Strokes(string digit) => digit switch
    {
        "1" => [[(0.5, 0.15), (0.5, 0.85)]],
        "0" => [Enumerable.Range(0, 41).Select(i => (0.5 + 0.22 * Math.Sin(i * Math.PI / 20), 0.5 - 0.33 * Math.Cos(i * Math.PI / 20))).ToArray()],
        _ => [[(0.25, 0.2), (0.75, 0.2), (0.62, 0.5), (0.47, 0.85)]],
    };
}
