using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
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

    private static readonly string TrainingDirectory = typeof(TrainedModelsFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TrainingOutputDirectory").Value!;

    // The server's own fine-tunes run this build's Training CLI.
    protected override IReadOnlyDictionary<string, string> ServerConfiguration => new Dictionary<string, string>
    {
        ["Training__Executable"] = Path.Combine(TrainingDirectory, "MnistBlazor.Training.dll"),
        ["Training__DataDirectory"] = ProjectPaths.DefaultDataDirectory,
    };

    protected override async Task PrepareModelsAsync()
    {
        var trainingDirectory = TrainingDirectory;
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
        // Training's export gave the CNN a familiarity profile: a clear digit lies among the digits it learned.
        await Assertions.Expect(page.Locator("[data-testid=model-card-simple-cnn] [data-testid=familiarity]")).ToHaveAttributeAsync("data-unfamiliar", "false");
        await Assertions.Expect(page.Locator("[data-testid=model-card-simple-cnn] [data-testid=familiarity]")).ToContainTextAsync("Like the digits it learned");
        await Assertions.Expect(page.Locator("[data-testid=pad-unfamiliar]")).ToHaveCountAsync(0);
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

    /// <summary>
    /// The whole path of a fine-tune from the web app: the Training CLI run by the server on saved digits (about a minute
    /// for these two models), its progress and outcome on My digits, the versions it kept, and a switch back to the
    /// originals, which the other tests here expect, and the deletion of a version no longer in use.
    /// </summary>
    [Fact]
    public async Task The_owner_fine_tunes_the_trained_models_on_saved_digits_switches_them_back_and_deletes_a_version()
    {
        using (var http = new HttpClient { BaseAddress = fixture.Server.Address })
        {
            foreach (var digit in new[] { "1", "0", "7" })
            {
                foreach (var shift in new[] { -0.06, 0, 0.06 })
                {
                    var body = JsonSerializer.Serialize(new
                    {
                        label = int.Parse(digit, CultureInfo.InvariantCulture),
                        width = 280,
                        height = 280,
                        strokes = Strokes(digit).Select(stroke => new { width = 20, points = stroke.Select(p => new[] { (p.X + shift) * 280, p.Y * 280 }) }),
                    });
                    using var saved = await http.PostAsync("/api/drawings", new StringContent(body, Encoding.UTF8, "application/json"));
                    Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
                }
            }
        }

        var (context, page) = await DrawingPage.OpenAsync(fixture.Browser, fixture.Server.Address);
        await using var _ = context;
        await page.GotoAsync(new Uri(fixture.Server.Address, "/my-digits").ToString());
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);
        await page.Locator("[data-testid=fine-tune-start]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=fine-tune-step]")).ToContainTextAsync("of 2");

        var fineTuneTimeout = new LocatorAssertionsToBeVisibleOptions { Timeout = (float)TimeSpan.FromMinutes(10).TotalMilliseconds };
        string[] tuned = [ModelCatalog.Nn.Id, ModelCatalog.SimpleCnn.Id];
        foreach (var modelId in tuned)
        {
            await Assertions.Expect(page.Locator($"[data-testid=fine-tune-outcome-{modelId}]")).ToBeVisibleAsync(fineTuneTimeout);
            await Assertions.Expect(page.Locator($"[data-testid=fine-tune-verdict-{modelId}]")).ToHaveTextAsync(new Regex("^(In use|Kept aside: .+)$"));
            await Assertions.Expect(page.Locator($"[data-testid=fine-tune-outcome-{modelId}] .fine-tune__changes")).ToHaveTextAsync(new Regex("^\\s*(none|Now (read right|misread): #)"));
        }

        await Assertions.Expect(page.Locator("[data-testid=fine-tune-running]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=fine-tune-start]")).ToBeEnabledAsync();
        await Accessibility.AssertNoViolationsAsync(page, "/my-digits after a fine-tune");

        foreach (var modelId in tuned)
        {
            var select = page.Locator($"[data-testid=versions-{modelId}] [data-testid=version-select]");
            await Assertions.Expect(select.Locator("option")).ToHaveTextAsync([new Regex($"^{ModelVersions.OriginalName}$"), new Regex("^fine-tune of .+ UTC$")]);
            if (await select.InputValueAsync() != ModelVersions.OriginalName)
            {
                await select.SelectOptionAsync(ModelVersions.OriginalName);
                await Assertions.Expect(page.Locator("[data-testid=versions-status]")).ToHaveTextAsync(
                    $"{ModelCatalog.Get(modelId).DisplayName}: original is now in use.");
            }

            Assert.True(ModelVersions.List(fixture.ModelsDirectory, modelId)[0] is { Name: ModelVersions.OriginalName, IsActive: true });
        }

        // The NN's fine-tune, no longer in use, is deleted (after a confirmation).
        var nnFineTune = page.Locator($"[data-testid=versions-list-{ModelCatalog.Nn.Id}] [data-testid=kept-version][data-in-use=false]");
        await page.Locator($"[data-testid=versions-list-{ModelCatalog.Nn.Id}] summary").ClickAsync();
        await Assertions.Expect(nnFineTune).ToHaveCountAsync(1);
        await nnFineTune.Locator("[data-testid=version-delete]").ClickAsync();
        await nnFineTune.Locator("[data-testid=version-delete-confirm]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=versions-status]")).ToHaveTextAsync(new Regex("^NN \\(multilayer perceptron\\): fine-tune of .+ UTC deleted\\.$"));
        await Assertions.Expect(page.Locator($"[data-testid=versions-{ModelCatalog.Nn.Id}] [data-testid=versions-kept]")).ToContainTextAsync("1 version,");
        Assert.Equal([ModelVersions.OriginalName], ModelVersions.List(fixture.ModelsDirectory, ModelCatalog.Nn.Id).Select(v => v.Name));
    }

    private static (double X, double Y)[][] Strokes(string digit) => digit switch
    {
        "1" => [[(0.5, 0.15), (0.5, 0.85)]],
        // An oval leaning right, as people write a 0: a geometrically upright ellipse lies at the edge of what a CNN trained
        // in float32 on these 12,000 images learned (distance 18.3 against a threshold of 17.4), the leaning one well inside (9.3).
        "0" => [Enumerable.Range(0, 41).Select(i => (0.5 + 0.2 * Math.Sin(i * Math.PI / 20) + 0.066 * Math.Cos(i * Math.PI / 20), 0.5 - 0.33 * Math.Cos(i * Math.PI / 20))).ToArray()],
        _ => [[(0.25, 0.2), (0.75, 0.2), (0.62, 0.5), (0.47, 0.85)]],
    };
}
